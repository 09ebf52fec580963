print("offload: under construction")
