//===- DependencyTracker.h - Region-based dependency inference ------------===//
//
// Part of PTO-WSP. Infers RAW, WAR and WAW edges from the tensor regions each
// task accesses, in submission order. Per tensor it keeps a set of entries
// (a box, its last writer, the readers since that write), found through a
// hashed uniform grid so that tiled workloads cost O(1) per access.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_RUNTIME_LIB_DEPENDENCYTRACKER_H
#define PTOWSP_RUNTIME_LIB_DEPENDENCYTRACKER_H

#include "pto-wsp/cpu_sim/runtime.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace ptowsp::runtime {

/// A half-open box [lo, hi) of a tensor of rank `rank`.
struct Box {
  int32_t rank = 0;
  int64_t lo[PTOWSP_MAX_RANK] = {};
  int64_t hi[PTOWSP_MAX_RANK] = {};

  bool empty() const;
  bool intersects(const Box &other) const;
  bool contains(const Box &other) const;
  bool operator==(const Box &other) const;
  /// "[0:4, 8:16]".
  std::string text() const;
};

/// One access of the task being submitted.
struct Access {
  int32_t tensor = 0;
  int32_t mode = 0; ///< ptowsp_access bits
  Box box;
};

class DependencyTracker {
public:
  /// `exact` selects exact mode: only identical boxes conflict and a partial
  /// overlap is reported by analyze() instead of being ordered.
  explicit DependencyTracker(bool exact) : exact_(exact) {}

  /// Declares tensor `tensor` (ids are dense, in registration order).
  void addTensor(int32_t tensor, int32_t rank);

  /// First half of a submission: appends to `preds` the tasks the accesses
  /// conflict with (unsorted, may repeat). Changes nothing observable, so a
  /// submission refused afterwards leaves the tracker as it was. In exact mode
  /// returns false and sets `conflict` (tensor index into `accesses`, and the
  /// task and box of the partially overlapping entry) on a partial overlap.
  struct PartialOverlap {
    size_t access = 0;
    int64_t otherTask = -1;
    Box otherBox;
  };
  bool analyze(const std::vector<Access> &accesses, std::vector<int64_t> &preds,
               PartialOverlap &conflict);

  /// Second half: records that task `task` performs `accesses` (the same
  /// vector passed to the preceding analyze()).
  void commit(const std::vector<Access> &accesses, int64_t task);

  /// The last writers of every entry containing `element` (a one-element box)
  /// of `tensor`; waiting for them waits for every task that wrote it, since
  /// later writers are ordered after earlier ones.
  void writersOf(int32_t tensor, const Box &element, std::vector<int64_t> &out);

  /// Live entries over all tensors (for tests of pruning).
  int64_t liveEntries() const;

private:
  struct Entry {
    Box box;
    int64_t writer = -1;
    std::vector<int64_t> readers; ///< readers since `writer`
    uint32_t generation = 0;      ///< bumped when the slot is freed
    uint32_t stamp = 0;           ///< de-duplicates grid hits during a query
    int32_t liveIndex = -1;       ///< position in TensorState::live
    int32_t wideIndex = -1;       ///< position in TensorState::wide, or -1
    bool alive = false;
  };
  /// A reference that stays checkable after the entry is freed or reused.
  struct EntryRef {
    int32_t index;
    uint32_t generation;
  };
  struct TensorState {
    int32_t rank = 0;
    bool gridChosen = false;
    int64_t cell[PTOWSP_MAX_RANK] = {}; ///< grid cell extent per dim
    std::vector<Entry> entries;
    std::vector<int32_t> freeEntries;
    std::vector<int32_t> live;
    std::vector<int32_t> wide; ///< live entries spanning too many cells
    std::unordered_map<uint64_t, std::vector<int32_t>> cells;
  };

  /// Appends refs of every live entry of `state` intersecting `box`.
  void query(TensorState &state, const Box &box, std::vector<EntryRef> &out);
  void adaptGrid(TensorState &state, const Box &box);
  int32_t insert(TensorState &state, const Box &box, int64_t writer, int64_t reader);
  void remove(TensorState &state, int32_t index);
  void link(TensorState &state, int32_t index);
  void unlink(TensorState &state, int32_t index);
  /// Calls fn(cellKey) for every grid cell `box` touches; returns false
  /// without calling it if that is more than `limit` cells.
  template <typename Fn>
  bool forEachCell(const TensorState &state, const Box &box, int64_t limit, Fn &&fn) const;

  bool exact_;
  uint32_t stamp_ = 0;
  std::vector<TensorState> tensors_;
  /// analyze() results reused by commit(): per access, its overlapping entries.
  std::vector<EntryRef> hits_;
  std::vector<size_t> hitsBegin_;
};

} // namespace ptowsp::runtime

#endif // PTOWSP_RUNTIME_LIB_DEPENDENCYTRACKER_H
