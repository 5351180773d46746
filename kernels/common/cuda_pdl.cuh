/* cuda_pdl.cuh - Hopper programmatic dependent launch (PDL) for a chain of
 * dependent kernels on one stream (msa/cuda/decode_fp8_pdl).  C++ only.
 *
 * A kernel launched with pdl_launch(pdl = true) may be scheduled before the
 * stream's previous grid has finished: as soon as every CTA of that grid has
 * called pdl_launch_dependents() or exited.  It must then call pdl_wait() in
 * every thread before it reads anything an earlier kernel of the chain wrote,
 * and before it writes anything an earlier kernel may still read; only work on
 * the caller's inputs (loading q, computing addresses) may go before.  After
 * pdl_wait() the previous grid has completed and its writes are visible; as
 * that grid itself waited on its own predecessor, so has every grid before it.
 *
 * Both are no-ops in a kernel launched without the attribute (griddepcontrol.wait
 * returns at once with no prerequisite grid in flight; launch_dependents only
 * releases PDL-launched successors), so the kernels gate them on a runtime flag
 * that is false for every variant launched the ordinary way. */
#ifndef MSABENCH_CUDA_PDL_CUH
#define MSABENCH_CUDA_PDL_CUH
#include <cuda_runtime.h>

/* Blocks until the previous grid of the chain has completed, its writes visible. */
__device__ __forceinline__ void pdl_wait() {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    cudaGridDependencySynchronize();
#endif
}

/* Lets the next PDL-launched grid be scheduled once every CTA of this grid has
 * called it or exited; promises nothing about memory (the successor's pdl_wait
 * does). */
__device__ __forceinline__ void pdl_launch_dependents() {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    cudaTriggerProgrammaticLaunchCompletion();
#endif
}

/* kernel<<<grid, block, smem, stream>>>(args...) then cudaGetLastError(), with
 * programmatic stream serialization when pdl (the kernel must then call
 * pdl_wait as above); returns the launch's error, else any pending one. */
template <typename... Params, typename... Args>
cudaError_t pdl_launch(void (*kernel)(Params...), dim3 grid, dim3 block, size_t smem,
                       cudaStream_t stream, bool pdl, Args &&...args) {
    cudaLaunchAttribute attr[1];
    attr[0].id = cudaLaunchAttributeProgrammaticStreamSerialization;
    attr[0].val.programmaticStreamSerializationAllowed = 1;
    cudaLaunchConfig_t cfg = {};
    cfg.gridDim = grid;
    cfg.blockDim = block;
    cfg.dynamicSmemBytes = smem;
    cfg.stream = stream;
    cfg.attrs = attr;
    cfg.numAttrs = pdl ? 1 : 0;
    const cudaError_t e = cudaLaunchKernelEx(&cfg, kernel, static_cast<Args &&>(args)...);
    const cudaError_t last = cudaGetLastError(); /* cleared, as CUDA_CHECK_LAUNCH did */
    return e != cudaSuccess ? e : last;
}
#endif
