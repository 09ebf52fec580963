#include <cblas.h>
// OpenBLAS extension: pin the thread count (declared in openblas_config.h on some builds).
void openblas_set_num_threads(int num_threads);
