/*===- pto-wsp/cpu_sim/runtime.h - cpu_sim task runtime (C API) -----------===*
 *
 * Part of PTO-WSP. C-compatible.
 *
 * The task runtime that generated cpu_sim orchestration code submits tasks
 * to. It does two decoupled things with every submitted task:
 *
 *   1. runs the kernel for real on a pool of host threads, ordered by the
 *      dependencies inferred from the tensor regions each task reads and
 *      writes (RAW, WAR, WAW), so that results equal the sequential program's
 *      results for every schedule;
 *   2. records the task in a task graph (in submission order, independent of
 *      what the host threads did) over which ptowsp_finish runs a
 *      deterministic discrete-event simulation of the modelled machine
 *      (AICPU schedulers dispatching onto cube and vector cores) to produce
 *      the simulated timeline, statistics and traces.
 *
 * Every schedule knob in ptowsp_config is enforced on the host, in the
 * simulation or both (as documented per field), or rejected with an error by
 * ptowsp_runtime_create / ptowsp_submit. Nothing is accepted and ignored.
 *
 * Errors: every function reports failures through its return value; the
 * message is available from ptowsp_last_error (or ptowsp_create_error for
 * ptowsp_runtime_create). A failure of the run itself (a kernel failure, a
 * deadlock, running out of memory) is sticky: every later call that can
 * return a status returns it again.
 *
 * Threading: the API is called by one orchestrator thread at a time (the
 * generated code), except for CSP process threads (see "CSP" below); only ptowsp_kernel_fail is called from kernels, i.e. from
 * the runtime's worker threads. A kernel calling ptowsp_submit, _load_i64,
 * _wait_all or _finish gets PTOWSP_ERR_INVALID and fails (PTOWSP_ERR_KERNEL).
 *
 *===----------------------------------------------------------------------===*/

#ifndef PTOWSP_CPU_SIM_RUNTIME_H
#define PTOWSP_CPU_SIM_RUNTIME_H

#include <stdint.h>

#include "pto-wsp/cpu_sim/kernel_abi.h"

#if defined(__GNUC__) || defined(__clang__)
#define PTOWSP_RUNTIME_API __attribute__((visibility("default")))
#else
#define PTOWSP_RUNTIME_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*===----------------------------------------------------------------------===*
 * Status codes and enumerations
 *===----------------------------------------------------------------------===*/

typedef enum ptowsp_status {
  PTOWSP_OK = 0,
  PTOWSP_ERR_INVALID = 1,       /* bad argument, bad configuration, misuse */
  PTOWSP_ERR_WINDOW_ABORT = 2,  /* window full in abort mode (not sticky) */
  PTOWSP_ERR_DEADLOCK = 3,      /* the orchestrator waits for work that can never run */
  PTOWSP_ERR_KERNEL = 4,        /* a kernel called ptowsp_kernel_fail or threw */
  PTOWSP_ERR_OUT_OF_BOUNDS = 5, /* a region or element index outside its tensor */
  PTOWSP_ERR_IO = 6,            /* a trace or graph file could not be written */
  PTOWSP_ERR_NO_MEMORY = 7,     /* allocation failed */
  PTOWSP_ERR_PROCESS = 8        /* a process called ptowsp_process_fail or threw */
} ptowsp_status;

/* Which AICPU scheduler (in the simulation) issues a task. Every policy
 * spreads over the first `dispatch_targets` schedulers (0 = all). */
typedef enum ptowsp_dispatch {
  PTOWSP_DISPATCH_ROUND_ROBIN = 0, /* submission order modulo n; task dispatch_key must be 0 */
  PTOWSP_DISPATCH_HASH = 1,        /* splitmix64(dispatch_key) modulo n */
  PTOWSP_DISPATCH_AFFINITY = 2,    /* dispatch_key modulo n (Euclidean: never negative) */
  PTOWSP_DISPATCH_WORK_STEAL = 3,  /* no fixed scheduler: any scheduler with a free core takes
                                      the next ready task; dispatch_key must be 0 */
  PTOWSP_DISPATCH_CUSTOM = 4       /* dispatch_key is the scheduler index; error outside [0, n) */
} ptowsp_dispatch;

/* The window bounds the tasks submitted but not finished, on the host and in
 * the simulation (where a full window delays the next issue: TASK_RING_FULL).
 * A stalled host orchestrator resumes once min(window_size / 8, 256) + 1
 * slots are free (or nothing more can finish), which saves a wake-up per task.
 * Abort is an admission check on the host, so whether it triggers depends on
 * host timing; every task it admitted is simulated, with stall semantics. */
typedef enum ptowsp_window_mode {
  PTOWSP_WINDOW_STALL = 0, /* a full window blocks ptowsp_submit until a task finishes */
  PTOWSP_WINDOW_ABORT = 1  /* a full window makes ptowsp_submit fail with WINDOW_ABORT */
} ptowsp_window_mode;

typedef enum ptowsp_deps {
  PTOWSP_DEPS_EXACT = 0,    /* only identical regions conflict; partial overlap is an error */
  PTOWSP_DEPS_OVERLAP = 1,  /* regions conflict when their hyper-rectangles intersect */
  PTOWSP_DEPS_EXPLICIT = 2, /* only `after` edges (and stream order); regions are bounds-checked only */
  PTOWSP_DEPS_HYBRID = 3    /* overlap inference plus `after` edges */
} ptowsp_deps;

typedef enum ptowsp_ready {
  PTOWSP_READY_FIFO = 0,       /* oldest ready task first */
  PTOWSP_READY_WORK_STEAL = 1, /* per-scheduler (host: per-worker) queues; idle ones steal */
  PTOWSP_READY_PRIORITY = 2    /* highest task priority first, ties oldest first */
} ptowsp_ready;

typedef enum ptowsp_pools {
  PTOWSP_POOLS_SINGLE = 0, /* one ready queue per scheduler, served strictly in order */
  PTOWSP_POOLS_BY_UNIT = 1 /* one ready queue per scheduler and execution unit */
} ptowsp_pools;

typedef enum ptowsp_start {
  PTOWSP_START_AFTER_ORCHESTRATION = 0, /* tasks start at the next ptowsp_wait_all / finish,
                                           or when the orchestrator must wait for them
                                           (full window, slot read) */
  PTOWSP_START_THRESHOLD = 1            /* tasks start once start_threshold tasks were submitted */
} ptowsp_start;

typedef enum ptowsp_core {
  PTOWSP_CORE_VECTOR = 0, /* AIV */
  PTOWSP_CORE_CUBE = 1    /* AIC */
} ptowsp_core;

typedef enum ptowsp_access {
  PTOWSP_ACCESS_READ = 1,
  PTOWSP_ACCESS_WRITE = 2,
  PTOWSP_ACCESS_READWRITE = 3
} ptowsp_access;

/* Why the orchestrator or a scheduler waited. Indexes the stall arrays of
 * ptowsp_stats; ptowsp_stall_reason_name gives the printable name. */
typedef enum ptowsp_stall_reason {
  PTOWSP_STALL_TASK_RING_FULL = 0, /* submit waits for a task-window slot */
  PTOWSP_STALL_SLOT_WAIT = 1,      /* ptowsp_load_i64 waits for the element's writers */
  PTOWSP_STALL_BARRIER = 2,        /* ptowsp_wait_all / ptowsp_finish waits for every task */
  PTOWSP_STALL_HEAD_OF_LINE = 3,   /* pools single: a queue head waits for its unit while the
                                      other unit has a free core and queued work (sim only) */
  PTOWSP_STALL_CHANNEL_EMPTY_WAIT = 4, /* a process receive waits for a token (CSP) */
  PTOWSP_STALL_CHANNEL_FULL_WAIT = 5,  /* a process send waits for space / a rendezvous (CSP) */
  PTOWSP_STALL_REASONS = 6
} ptowsp_stall_reason;

#define PTOWSP_MAX_RANK 8

/*===----------------------------------------------------------------------===*
 * Configuration
 *===----------------------------------------------------------------------===*/

/* The modelled machine. Fill it from the architecture file (arch/<target>);
 * ptowsp_config_init puts in the A2/A3 numbers of arch/a2a3.json. */
typedef struct ptowsp_machine {
  int32_t schedulers;               /* AICPU scheduler threads (>= 1) */
  int32_t cube_cores;               /* AIC cores: 0 or >= schedulers */
  int32_t vector_cores;             /* AIV cores: 0 or >= schedulers */
  int64_t dispatch_overhead_cycles; /* per task, serialised per scheduler (>= 0) */
  int64_t submit_overhead_cycles;   /* orchestrator time per ptowsp_submit (>= 0); a task is
                                       issued when its submission ends. With 0 every task not
                                       held by the window or a wait is issued at cycle 0, so
                                       the start policy shows in the simulation only through
                                       waits; on the host it always applies */
  double clock_ghz;                 /* converts cycles to trace microseconds (> 0) */
} ptowsp_machine;

typedef struct ptowsp_config {
  ptowsp_machine machine;
  int32_t host_threads; /* worker threads running kernels; 0 = hardware concurrency */

  ptowsp_dispatch dispatch;
  int32_t dispatch_targets; /* schedulers used, 1..machine.schedulers; 0 = all */

  int64_t window_size; /* max tasks submitted but not finished (>= 1) */
  ptowsp_window_mode window_mode;

  ptowsp_deps deps;
  ptowsp_ready ready;
  ptowsp_pools pools;

  ptowsp_start start;
  int64_t start_threshold; /* THRESHOLD: 1..window_size; AFTER_ORCHESTRATION: must stay 1 */

  int32_t streams; /* 0 = no streams; n > 0: task.stream in [0, n) orders tasks per stream */

  const char *trace_path;  /* NULL = none; else Chrome/Perfetto JSON of the simulated timeline */
  const char *graph_path;  /* NULL = none; else Graphviz DOT of the task graph */
  int64_t graph_max_tasks; /* the graph is refused (error) above this many tasks (>= 1) */

  int64_t channel_latency_cycles; /* CSP: simulated cycles from a send to the earliest
                                     matching receive (>= 0); also settable after create
                                     with ptowsp_set_channel_latency */
} ptowsp_config;

/* Defaults: A2/A3 machine (4 schedulers, 24 AIC, 48 AIV, 100 dispatch cycles,
 * 0 submit cycles, 1.85 GHz), host_threads 0, round_robin over all schedulers, window 8192
 * stall, deps overlap, ready fifo, pools by_unit, start threshold 1 (a task
 * may start as soon as it is submitted; this is "immediate start", so no
 * separate policy exists), no streams, no traces, graph_max_tasks 2000,
 * channel_latency_cycles 0. */
PTOWSP_RUNTIME_API void ptowsp_config_init(ptowsp_config *config);

/*===----------------------------------------------------------------------===*
 * Runtime lifetime and errors
 *===----------------------------------------------------------------------===*/

typedef struct ptowsp_runtime ptowsp_runtime;

/* Validates every field of `config` (paths are copied) and starts the host
 * worker threads. On failure *out is NULL and ptowsp_create_error() says why. */
PTOWSP_RUNTIME_API ptowsp_status ptowsp_runtime_create(const ptowsp_config *config,
                                                       ptowsp_runtime **out);

/* The message of the last error returned by a call on `rt` ("" if none). */
PTOWSP_RUNTIME_API const char *ptowsp_last_error(const ptowsp_runtime *rt);

/* The message of the last failed ptowsp_runtime_create on this thread. */
PTOWSP_RUNTIME_API const char *ptowsp_create_error(void);

/* "PTOWSP_OK", "PTOWSP_ERR_DEADLOCK", ... */
PTOWSP_RUNTIME_API const char *ptowsp_status_name(ptowsp_status status);

/* "TASK_RING_FULL", "SLOT_WAIT", "BARRIER", "HEAD_OF_LINE", "CHANNEL_EMPTY_WAIT",
 * "CHANNEL_FULL_WAIT"; NULL if out of range. */
PTOWSP_RUNTIME_API const char *ptowsp_stall_reason_name(int32_t reason);

/* Stops the worker threads (tasks not started are dropped if ptowsp_finish
 * was not called) and frees everything. NULL is allowed. */
PTOWSP_RUNTIME_API void ptowsp_runtime_destroy(ptowsp_runtime *rt);

/*===----------------------------------------------------------------------===*
 * Tensors and tasks
 *===----------------------------------------------------------------------===*/

/* Registers a dense row-major tensor at `base` with `rank` (0..8) dims.
 * Returns its id (>= 0), or -1 with ptowsp_last_error set: null base with a
 * non-empty shape, bad element size or dims, or a byte range overlapping an
 * already registered tensor (aliasing tensors would hide dependencies).
 * `name` (may be NULL) is copied and used in messages and traces. */
PTOWSP_RUNTIME_API int32_t ptowsp_tensor(ptowsp_runtime *rt, void *base,
                                         int64_t element_bytes, int32_t rank,
                                         const int64_t *dims, const char *name);

/* A box of a tensor accessed by a task: offsets[d] .. offsets[d]+sizes[d]
 * for d < rank, where rank must equal the tensor's rank. A region with a zero
 * size has no elements and orders nothing. */
typedef struct ptowsp_region {
  int32_t tensor;
  int32_t access; /* ptowsp_access */
  int32_t rank;
  int64_t offsets[PTOWSP_MAX_RANK];
  int64_t sizes[PTOWSP_MAX_RANK];
} ptowsp_region;

typedef struct ptowsp_task {
  const char *kernel_name;  /* for traces and messages (required) */
  ptowsp_kernel_fn kernel;  /* the compiled kernel (required) */
  int64_t cycles;           /* simulated duration, from the architecture model (>= 0) */
  int32_t core;             /* ptowsp_core */
  const ptowsp_arg *args;   /* copied at submit */
  int32_t num_args;
  const ptowsp_region *regions; /* copied/consumed at submit */
  int32_t num_regions;
  int64_t dispatch_key;     /* hash/affinity/custom dispatch; must be 0 otherwise */
  int64_t priority;         /* READY_PRIORITY (larger = earlier); must be 0 otherwise */
  int32_t stream;           /* < 0 = none; else in [0, config.streams) */
  const int64_t *after;     /* explicit predecessor task ids (EXPLICIT / HYBRID only) */
  int32_t num_after;
  const int64_t *coords;    /* loop indices, for traces and messages (copied) */
  int32_t num_coords;
} ptowsp_task;

/* Zeroes *task and sets stream = -1 and core = PTOWSP_CORE_VECTOR. */
PTOWSP_RUNTIME_API void ptowsp_task_init(ptowsp_task *task);

/* Validates and submits a task; *task_id (may be NULL) receives its id
 * (0, 1, 2, ... in submission order). Returns
 *   PTOWSP_ERR_INVALID        bad field, a knob-specific field the schedule does not use,
 *                             exact-mode partial overlap, use after finish;
 *   PTOWSP_ERR_OUT_OF_BOUNDS  a region outside its tensor (the message names kernel,
 *                             coords, tensor and region);
 *   PTOWSP_ERR_WINDOW_ABORT   abort mode and window_size tasks are in flight on the host
 *                             (the task is not submitted; the runtime stays usable);
 *   PTOWSP_ERR_DEADLOCK       stall mode, window full, and no in-flight task can run;
 *   a sticky failure of the run (e.g. PTOWSP_ERR_KERNEL).
 * Stall mode blocks while the window is full. Nothing is recorded on error. */
PTOWSP_RUNTIME_API ptowsp_status ptowsp_submit(ptowsp_runtime *rt, const ptowsp_task *task,
                                               int64_t *task_id);

/* Slot read (the tensor->scalar bridge for data-dependent control): waits
 * until every submitted task that writes the element has finished, then reads
 * it. Element sizes: 4 bytes (i32, sign-extended) or 8 bytes (i64 or u64; a
 * u64 comes back with the same bits). In EXPLICIT deps mode the runtime keeps
 * no region knowledge, so the read waits for every submitted task. In the
 * simulation the orchestrator waits (SLOT_WAIT) for the same tasks. A wait
 * that can never end (e.g. the writer is held by the start policy) returns
 * PTOWSP_ERR_DEADLOCK. */
PTOWSP_RUNTIME_API ptowsp_status ptowsp_load_i64(ptowsp_runtime *rt, int32_t tensor,
                                                 const int64_t *index, int64_t *value);

/* Barrier: ends the current orchestration phase (opens the start gate) and
 * waits until every submitted task has finished. Returns the first failure. */
PTOWSP_RUNTIME_API ptowsp_status ptowsp_wait_all(ptowsp_runtime *rt);

/* Waits for everything, stops the workers, runs the simulation, writes the
 * trace and graph files. Returns the first error; calling it again returns
 * the same status. No more tasks may be submitted afterwards. */
PTOWSP_RUNTIME_API ptowsp_status ptowsp_finish(ptowsp_runtime *rt);


/*===----------------------------------------------------------------------===*
 * CSP: channels and processes
 *
 * A process is an orchestrator: ptowsp_spawn runs `instances` copies of a
 * process function, each on its own host thread (processes are not modelled
 * cores; the tasks they submit run on the modelled machine). Processes talk
 * through channels carrying tokens of `payload_words` int64 words.
 *
 * Host semantics (what the threads really do):
 *  - capacity C > 0: ptowsp_send blocks while C tokens are queued;
 *    capacity 0 (rendezvous): ptowsp_send blocks until a receiver took its token.
 *  - every token is received exactly once, in FIFO order of the sends; several
 *    receivers on one channel (replicated consumers, fan-out) share the tokens,
 *    whichever receiver asks first gets the next one.
 *  - close is reference counted: a channel created for `producers` producers is
 *    closed after that many ptowsp_close calls (fan-in). A receive on a closed,
 *    drained channel returns PTOWSP_OK with *got = 0; a send after the close,
 *    or more closes than producers, is PTOWSP_ERR_INVALID.
 *  - deadlock detection, never timeouts: when the main thread waits in
 *    ptowsp_join_processes (or ptowsp_finish, which joins first) and every live
 *    process instance is blocked in a channel operation that cannot proceed
 *    (tasks cannot unblock them: kernels do not touch channels; before the join
 *    the main thread could still spawn more processes), every blocked call returns PTOWSP_ERR_DEADLOCK with a
 *    message naming each blocked instance, the channel and why ("send on full
 *    channel 'c' (capacity 1)", "receive on empty channel 'c', not closed
 *    (1 of 2 producers closed)"). The deadlock is sticky for channel operations,
 *    ptowsp_join_processes and ptowsp_finish.
 *  - the first failure of a call made inside a process instance (any status
 *    other than OK or WINDOW_ABORT), ptowsp_process_fail or an exception escaping
 *    the process function is the error ptowsp_join_processes returns (message
 *    prefixed with "process 'name'[i]: "). After it, blocked and later channel
 *    operations return the same status so the other instances wind down.
 *
 * Threading: ptowsp_submit and ptowsp_tensor may be called from process
 * threads concurrently (they are serialised inside). ptowsp_wait_all,
 * ptowsp_load_i64 and ptowsp_finish are for the main thread only (a process
 * gets PTOWSP_ERR_INVALID); channel operations are for process threads only
 * (the main thread gets PTOWSP_ERR_INVALID). While processes run, the main
 * thread should only call ptowsp_join_processes (ptowsp_finish joins first).
 * ptowsp_last_error on a process thread returns that thread's last message.
 *
 * Simulated time (CSPT, computed in ptowsp_finish, independent of the host
 * interleaving): each instance has its own clock starting at cycle 0 and
 * replays its recorded events in program order:
 *  - submit: the clock advances by machine.submit_overhead_cycles and the task
 *    is issued to the modelled machine at that time (or later, while the task
 *    window is full: the window is shared with the main orchestrator);
 *  - send k on a channel of capacity C > 0: completes at max(clock, time
 *    token k-C was received) (CHANNEL_FULL_WAIT for the difference); the
 *    token is sent at that time;
 *  - receive of a token sent at s: completes at max(clock, s + latency)
 *    (CHANNEL_EMPTY_WAIT); rendezvous: the sender's send completes at the
 *    same time (send time = its clock);
 *  - receive of "closed": completes at max(clock, time of the last close).
 *  Tokens are matched to receives in the simulation, not as on the host: the
 *  simulation always performs, among the instances whose next event can
 *  happen, the event that completes earliest (ties: lower instance index =
 *  spawn order). Completion times never decrease, so tokens enter a channel in
 *  order of their send times (fan-in) and, with fan-out, the next token goes to
 *  the receive that can complete first (ties: lower instance index).
 *  Work follows tokens: each send records a token id (its host sequence
 *  number on the channel), each receive the id it got. For a channel c whose
 *  receivers are one instance or replicas of one ptowsp_spawn, each recorded
 *  as  prefix (no receive on c), (receive c, segment)*, receive "closed" on c,
 *  tail (no receive on c)  and not a receiver of another such channel: an
 *  instance that takes token k in the simulation performs the segment
 *  recorded after token k's host receipt (by whichever instance received it
 *  on the host: its events up to its next receive on c), with tasks released
 *  on the simulating instance's clock, then receives on c again; once c is
 *  closed and drained it continues with its own tail. Other channels keep
 *  the plain replay of each instance's own events (its recorded number of
 *  receives); so does the whole program if the work-following simulation
 *  cannot complete. Deterministic result: the simulated time (total cycles,
 *  task times, process and channel stats) is identical across runs whenever
 *  each instance's events outside work-following loops and each token's
 *  segment are identical across runs, whichever instance received the token
 *  on the host: e.g. pipelines, fan-in, and consume loops (single or
 *  replicated receivers) whose per-token work depends only on the token (not
 *  on the receiving replica or its count of tokens). Without work following, fan-out also needs the same
 *  per-receiver tokens (e.g. data-independent loops). Tasks of different
 *  instances touching the same regions must be ordered through channels.
 *  ptowsp_join_processes makes the main orchestrator wait (in simulated time)
 *  until every instance clock ended. Processes cannot wait for tasks, so the
 *  task simulation never feeds back into process clocks.
 *===----------------------------------------------------------------------===*/

/* Creates a channel; returns its id (>= 0) or -1 with ptowsp_last_error set.
 * capacity >= 0 (0 = rendezvous), producers >= 1, payload_words in [0, 64].
 * `name` (may be NULL) is copied. May be called from any orchestrator thread. */
PTOWSP_RUNTIME_API int32_t ptowsp_channel(ptowsp_runtime *rt, const char *name,
                                          int64_t capacity, int32_t producers,
                                          int32_t payload_words);

typedef void (*ptowsp_process_fn)(ptowsp_runtime *rt, int64_t instance, void *user);

/* Starts `instances` (>= 1) threads running fn(rt, i, user), i = 0..instances-1.
 * `name` (may be NULL) is copied and names the instances "name[i]" in messages,
 * stats and traces. Main thread only. */
PTOWSP_RUNTIME_API ptowsp_status ptowsp_spawn(ptowsp_runtime *rt, const char *name,
                                              int64_t instances, ptowsp_process_fn fn,
                                              void *user);

/* Sends payload[0 .. payload_words) (payload may be NULL when payload_words is 0). */
PTOWSP_RUNTIME_API ptowsp_status ptowsp_send(ptowsp_runtime *rt, int32_t channel,
                                             const int64_t *payload);

/* Receives the next token into payload[0 .. payload_words) and sets *got = 1,
 * or sets *got = 0 once the channel is closed and drained. */
PTOWSP_RUNTIME_API ptowsp_status ptowsp_recv(ptowsp_runtime *rt, int32_t channel,
                                             int64_t *payload, int32_t *got);

/* One producer is done with the channel (see reference counting above). */
PTOWSP_RUNTIME_API ptowsp_status ptowsp_close(ptowsp_runtime *rt, int32_t channel);

/* Marks the calling process instance as failed with `message` (copied; the
 * first failure wins): ptowsp_join_processes returns PTOWSP_ERR_PROCESS.
 * PTOWSP_ERR_INVALID when not called from a process thread. */
PTOWSP_RUNTIME_API ptowsp_status ptowsp_process_fail(ptowsp_runtime *rt, const char *message);

/* Waits until every spawned instance returned; returns the first error raised
 * inside any of them (or a deadlock). Main thread only. */
PTOWSP_RUNTIME_API ptowsp_status ptowsp_join_processes(ptowsp_runtime *rt);

/* Sets the simulated channel latency used by the next ptowsp_finish (>= 0). */
PTOWSP_RUNTIME_API ptowsp_status ptowsp_set_channel_latency(ptowsp_runtime *rt,
                                                            int64_t cycles);

/*===----------------------------------------------------------------------===*
 * Results (valid after a successful simulation in ptowsp_finish)
 *===----------------------------------------------------------------------===*/

typedef struct ptowsp_stats {
  /* Simulated, deterministic: identical for every run of the same program. */
  int64_t total_cycles;             /* makespan */
  int64_t tasks;
  int64_t edges;                    /* distinct dependency edges recorded */
  int32_t num_cores;                /* cube_cores + vector_cores */
  int32_t num_schedulers;           /* machine.schedulers */
  const int64_t *core_busy_cycles;  /* [num_cores]: cube cores, then vector cores */
  const int64_t *scheduler_tasks;   /* [num_schedulers]: tasks each scheduler dispatched */
  double utilization;               /* mean over cores of busy / total_cycles */
  int64_t stalls[PTOWSP_STALL_REASONS];       /* wait episodes, by ptowsp_stall_reason */
  int64_t stall_cycles[PTOWSP_STALL_REASONS]; /* simulated cycles spent waiting */
  int64_t window_high_water;        /* max tasks issued but not finished */

  /* Host execution: depends on host timing, not part of the deterministic result. */
  int64_t host_stalls[PTOWSP_STALL_REASONS]; /* times the orchestrator thread blocked */
  int64_t host_window_high_water;
  double wall_seconds;     /* create -> host execution complete */
  double simulate_seconds; /* simulation and trace writing in ptowsp_finish */
} ptowsp_stats;

/* Pointers in *out are owned by rt and live until ptowsp_runtime_destroy. */
PTOWSP_RUNTIME_API ptowsp_status ptowsp_get_stats(const ptowsp_runtime *rt, ptowsp_stats *out);

/* Where and when one task ran in the simulated timeline. The core index
 * follows core_busy_cycles (cube cores first). start_cycle is when the kernel
 * starts, after its scheduler's dispatch overhead. */
typedef struct ptowsp_task_time {
  int64_t start_cycle;
  int64_t end_cycle;
  int32_t core;
  int32_t scheduler;
} ptowsp_task_time;

PTOWSP_RUNTIME_API ptowsp_status ptowsp_get_task_time(const ptowsp_runtime *rt, int64_t task_id,
                                                      ptowsp_task_time *out);

/* Per process instance, simulated (see CSPT above) unless marked host. */
typedef struct ptowsp_process_stats {
  const char *name;   /* "name[i]", owned by rt */
  int64_t instance;   /* i */
  int64_t tasks;      /* tasks it submitted */
  int64_t sends;      /* tokens sent */
  int64_t receives;   /* tokens received (closed receives not counted) */
  int64_t end_cycle;  /* its clock after its last event */
  int64_t stalls[PTOWSP_STALL_REASONS];       /* CHANNEL_* wait episodes */
  int64_t stall_cycles[PTOWSP_STALL_REASONS]; /* CHANNEL_* waiting cycles */
} ptowsp_process_stats;

/* Per channel. */
typedef struct ptowsp_channel_stats {
  const char *name; /* owned by rt */
  int64_t capacity;
  int64_t tokens;               /* tokens sent (= received) */
  int64_t high_water;           /* simulated: max tokens sent but not yet received */
  int64_t empty_wait_cycles;    /* simulated: receives waiting on it */
  int64_t full_wait_cycles;     /* simulated: sends waiting on it */
  int64_t host_high_water;      /* host: max tokens queued (timing dependent) */
} ptowsp_channel_stats;

/* Number of spawned process instances (over all ptowsp_spawn calls, in spawn order). */
PTOWSP_RUNTIME_API int64_t ptowsp_num_process_instances(const ptowsp_runtime *rt);
/* Stats of instance `index` (spawn order); valid after a successful ptowsp_finish. */
PTOWSP_RUNTIME_API ptowsp_status ptowsp_get_process_stats(const ptowsp_runtime *rt, int64_t index,
                                                          ptowsp_process_stats *out);
PTOWSP_RUNTIME_API ptowsp_status ptowsp_get_channel_stats(const ptowsp_runtime *rt,
                                                          int32_t channel,
                                                          ptowsp_channel_stats *out);

/*===----------------------------------------------------------------------===*
 * Called from kernels
 *===----------------------------------------------------------------------===*/

/* Marks the task running on the calling thread as failed with `message`
 * (copied; the first call wins). The kernel should return afterwards. Its
 * dependents are not run and the run reports PTOWSP_ERR_KERNEL naming the
 * kernel, task id, coords and message. Returns PTOWSP_ERR_INVALID when the
 * calling thread is not running a task (nothing is recorded then). */
PTOWSP_RUNTIME_API ptowsp_status ptowsp_kernel_fail(const char *message);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PTOWSP_CPU_SIM_RUNTIME_H */
