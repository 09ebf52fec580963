/* Memory of the benchmark host, docs/BENCHMARKS.md (fifth round, "Memory of this guest"):
 * one sequential read stream over 256 MB, then one 8-byte read per 216-byte row (the chosen-link
 * pattern of a 9-server link table). Run: bash tools/membench/run.sh */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(){
  size_t n = 256ull<<20; // 256 MB
  double *a = aligned_alloc(64, n);
  memset(a, 1, n);
  size_t m = n/8;
  for (int r=0;r<5;r++){
    double t0=now(); double s0=0,s1=0,s2=0,s3=0;
    for(size_t i=0;i<m;i+=4){s0+=a[i];s1+=a[i+1];s2+=a[i+2];s3+=a[i+3];}
    double t1=now();
    printf("read %.2f GB/s (%g)\n", n/(t1-t0)/1e9, s0+s1+s2+s3);
  }
  // strided: read one 8B per 216B (like one link per row)
  for (int r=0;r<3;r++){
    double t0=now(); double s=0; size_t cnt=0;
    for(size_t i=0;i+27<m;i+=27){s+=a[i + (i*7919)%27 ]; cnt++;}
    double t1=now();
    printf("strided rows: %.2f ns/row, %.2f GB/s of rows (%g)\n", (t1-t0)/cnt*1e9, n/(t1-t0)/1e9, s);
  }
}
