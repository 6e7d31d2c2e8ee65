//===- xrt/detail/ert.h - PTO-WSP XRT stub: command states ------*- C++ -*-===//
//
// Part of PTO-WSP's functional XRT stub (see xrt/xrt_kernel.h): the command
// states of real XRT's ert.h that xrt::run::wait() returns.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_XRT_STUB_DETAIL_ERT_H
#define PTOWSP_XRT_STUB_DETAIL_ERT_H

/// State of a kernel run; the stub's runs end COMPLETED or ERROR.
enum ert_cmd_state {
  ERT_CMD_STATE_NEW = 1,
  ERT_CMD_STATE_QUEUED = 2,
  ERT_CMD_STATE_RUNNING = 3,
  ERT_CMD_STATE_COMPLETED = 4,
  ERT_CMD_STATE_ERROR = 5,
  ERT_CMD_STATE_ABORT = 6,
  ERT_CMD_STATE_SUBMITTED = 7,
  ERT_CMD_STATE_TIMEOUT = 8,
  ERT_CMD_STATE_NORESPONSE = 9,
};

#endif // PTOWSP_XRT_STUB_DETAIL_ERT_H
