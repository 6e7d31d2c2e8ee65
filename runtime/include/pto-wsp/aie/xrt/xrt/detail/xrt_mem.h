//===- xrt/detail/xrt_mem.h - PTO-WSP XRT stub: buffer flags ----*- C++ -*-===//
//
// Part of PTO-WSP's functional XRT stub (see xrt/xrt_kernel.h). The buffer
// flag names and values of real XRT, so host code passes them unchanged. The
// stub accepts every flag; each BO behaves the same (see xrt/xrt_bo.h).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_XRT_STUB_DETAIL_XRT_MEM_H
#define PTOWSP_XRT_STUB_DETAIL_XRT_MEM_H

#define XCL_BO_FLAGS_NONE (0)
#define XCL_BO_FLAGS_CACHEABLE (1U << 24)
#define XCL_BO_FLAGS_KERNBUF (1U << 25)
#define XCL_BO_FLAGS_SGL (1U << 26)
#define XCL_BO_FLAGS_SVM (1U << 27)
#define XCL_BO_FLAGS_DEV_ONLY (1U << 28)
#define XCL_BO_FLAGS_HOST_ONLY (1U << 29)
#define XCL_BO_FLAGS_P2P (1U << 30)
#define XCL_BO_FLAGS_EXECBUF (1U << 31)

#define XRT_BO_FLAGS_NONE XCL_BO_FLAGS_NONE
#define XRT_BO_FLAGS_CACHEABLE XCL_BO_FLAGS_CACHEABLE
#define XRT_BO_FLAGS_DEV_ONLY XCL_BO_FLAGS_DEV_ONLY
#define XRT_BO_FLAGS_HOST_ONLY XCL_BO_FLAGS_HOST_ONLY
#define XRT_BO_FLAGS_P2P XCL_BO_FLAGS_P2P
#define XRT_BO_FLAGS_SVM XCL_BO_FLAGS_SVM
#define XRT_BO_FLAGS_CARVEOUT XCL_BO_FLAGS_KERNBUF

#endif // PTOWSP_XRT_STUB_DETAIL_XRT_MEM_H
