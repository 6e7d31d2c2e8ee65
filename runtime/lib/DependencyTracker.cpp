//===- DependencyTracker.cpp - Region-based dependency inference ----------===//
//
// Part of PTO-WSP.
//
// Invariants per tensor: every access that may still conflict with a future
// access is represented by a live entry whose box contains it. An entry holds
// the last task that wrote its box and the tasks that read the box since then.
// A write removes the entries it covers (it is ordered after their writer and
// readers, so they are redundant from then on) and adds its own; entries it
// only partly covers stay, which may add redundant but never missing edges.
// Memory is therefore bounded by the distinct live boxes plus the readers
// since their last write, whatever the number of rewrites.
//
//===----------------------------------------------------------------------===//

#include "DependencyTracker.h"

#include <algorithm>
#include <cassert>

namespace ptowsp::runtime {

namespace {

/// An entry is put into at most this many grid cells; larger ones go to the
/// tensor's `wide` list, which every query scans.
constexpr int64_t kMaxEntryCells = 64;
/// A query touching more cells than this scans all live entries instead.
constexpr int64_t kMaxQueryCells = 256;

uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

} // namespace

//===----------------------------------------------------------------------===//
// Box
//===----------------------------------------------------------------------===//

bool Box::empty() const {
  for (int32_t d = 0; d < rank; ++d)
    if (hi[d] <= lo[d])
      return true;
  return false;
}

bool Box::intersects(const Box &other) const {
  for (int32_t d = 0; d < rank; ++d)
    if (hi[d] <= other.lo[d] || other.hi[d] <= lo[d])
      return false;
  return true;
}

bool Box::contains(const Box &other) const {
  for (int32_t d = 0; d < rank; ++d)
    if (other.lo[d] < lo[d] || other.hi[d] > hi[d])
      return false;
  return true;
}

bool Box::operator==(const Box &other) const {
  if (rank != other.rank)
    return false;
  for (int32_t d = 0; d < rank; ++d)
    if (lo[d] != other.lo[d] || hi[d] != other.hi[d])
      return false;
  return true;
}

std::string Box::text() const {
  std::string s = "[";
  for (int32_t d = 0; d < rank; ++d) {
    if (d)
      s += ", ";
    s += std::to_string(lo[d]) + ":" + std::to_string(hi[d]);
  }
  return s + "]";
}

//===----------------------------------------------------------------------===//
// Grid
//===----------------------------------------------------------------------===//

template <typename Fn>
bool DependencyTracker::forEachCell(const TensorState &state, const Box &box, int64_t limit,
                                    Fn &&fn) const {
  int64_t first[PTOWSP_MAX_RANK], last[PTOWSP_MAX_RANK], at[PTOWSP_MAX_RANK];
  int64_t count = 1;
  for (int32_t d = 0; d < box.rank; ++d) {
    first[d] = box.lo[d] / state.cell[d];
    last[d] = (box.hi[d] - 1) / state.cell[d];
    count *= last[d] - first[d] + 1;
    if (count > limit)
      return false;
    at[d] = first[d];
  }
  for (;;) {
    uint64_t key = 0x51ed270b27a8a6f3ULL;
    for (int32_t d = 0; d < box.rank; ++d)
      key = mix(key ^ static_cast<uint64_t>(at[d]));
    fn(key);
    int32_t d = box.rank - 1;
    while (d >= 0 && at[d] == last[d]) {
      at[d] = first[d];
      --d;
    }
    if (d < 0)
      return true;
    ++at[d];
  }
}

void DependencyTracker::link(TensorState &state, int32_t index) {
  Entry &entry = state.entries[static_cast<size_t>(index)];
  bool inGrid = forEachCell(state, entry.box, kMaxEntryCells,
                            [&](uint64_t key) { state.cells[key].push_back(index); });
  if (!inGrid) {
    entry.wideIndex = static_cast<int32_t>(state.wide.size());
    state.wide.push_back(index);
  }
}

void DependencyTracker::unlink(TensorState &state, int32_t index) {
  Entry &entry = state.entries[static_cast<size_t>(index)];
  if (entry.wideIndex >= 0) {
    int32_t moved = state.wide.back();
    state.wide[static_cast<size_t>(entry.wideIndex)] = moved;
    state.entries[static_cast<size_t>(moved)].wideIndex = entry.wideIndex;
    state.wide.pop_back();
    entry.wideIndex = -1;
    return;
  }
  forEachCell(state, entry.box, kMaxEntryCells, [&](uint64_t key) {
    auto it = state.cells.find(key);
    assert(it != state.cells.end() && "entry missing from its grid cell");
    std::vector<int32_t> &list = it->second;
    auto pos = std::find(list.begin(), list.end(), index);
    assert(pos != list.end() && "entry missing from its grid cell");
    *pos = list.back();
    list.pop_back();
    if (list.empty())
      state.cells.erase(it);
  });
}

/// Chooses the grid from the first box seen, and refines a dimension when a
/// box less than half as large as its cell arrives (then every live entry is
/// re-linked). Cells only shrink, so a tensor is re-gridded at most
/// log2(extent) times per dimension.
void DependencyTracker::adaptGrid(TensorState &state, const Box &box) {
  if (!state.gridChosen) {
    for (int32_t d = 0; d < box.rank; ++d)
      state.cell[d] = std::max<int64_t>(1, box.hi[d] - box.lo[d]);
    state.gridChosen = true;
    return;
  }
  bool refine = false;
  for (int32_t d = 0; d < box.rank; ++d)
    if (2 * (box.hi[d] - box.lo[d]) <= state.cell[d])
      refine = true;
  if (!refine)
    return;
  for (int32_t index : state.live)
    unlink(state, index);
  for (int32_t d = 0; d < box.rank; ++d) {
    int64_t size = std::max<int64_t>(1, box.hi[d] - box.lo[d]);
    if (2 * size <= state.cell[d])
      state.cell[d] = size;
  }
  for (int32_t index : state.live)
    link(state, index);
}

//===----------------------------------------------------------------------===//
// Entries
//===----------------------------------------------------------------------===//

void DependencyTracker::addTensor(int32_t tensor, int32_t rank) {
  if (static_cast<size_t>(tensor) >= tensors_.size())
    tensors_.resize(static_cast<size_t>(tensor) + 1);
  tensors_[static_cast<size_t>(tensor)].rank = rank;
}

int32_t DependencyTracker::insert(TensorState &state, const Box &box, int64_t writer,
                                  int64_t reader) {
  adaptGrid(state, box);
  int32_t index;
  if (!state.freeEntries.empty()) {
    index = state.freeEntries.back();
    state.freeEntries.pop_back();
  } else {
    index = static_cast<int32_t>(state.entries.size());
    state.entries.emplace_back();
  }
  Entry &entry = state.entries[static_cast<size_t>(index)];
  entry.box = box;
  entry.writer = writer;
  entry.readers.clear();
  if (reader >= 0)
    entry.readers.push_back(reader);
  entry.alive = true;
  entry.liveIndex = static_cast<int32_t>(state.live.size());
  state.live.push_back(index);
  link(state, index);
  return index;
}

void DependencyTracker::remove(TensorState &state, int32_t index) {
  unlink(state, index);
  Entry &entry = state.entries[static_cast<size_t>(index)];
  int32_t moved = state.live.back();
  state.live[static_cast<size_t>(entry.liveIndex)] = moved;
  state.entries[static_cast<size_t>(moved)].liveIndex = entry.liveIndex;
  state.live.pop_back();
  entry.alive = false;
  entry.liveIndex = -1;
  ++entry.generation;
  entry.readers.clear();
  entry.readers.shrink_to_fit();
  state.freeEntries.push_back(index);
}

void DependencyTracker::query(TensorState &state, const Box &box, std::vector<EntryRef> &out) {
  if (++stamp_ == 0) { // wrapped: forget every old stamp
    for (TensorState &t : tensors_)
      for (Entry &e : t.entries)
        e.stamp = 0;
    stamp_ = 1;
  }
  auto visit = [&](int32_t index) {
    Entry &entry = state.entries[static_cast<size_t>(index)];
    if (entry.stamp == stamp_)
      return;
    entry.stamp = stamp_;
    if (entry.box.intersects(box))
      out.push_back({index, entry.generation});
  };
  bool viaGrid = state.gridChosen &&
                 forEachCell(state, box, kMaxQueryCells, [&](uint64_t key) {
                   auto it = state.cells.find(key);
                   if (it != state.cells.end())
                     for (int32_t index : it->second)
                       visit(index);
                 });
  if (viaGrid) {
    for (int32_t index : state.wide)
      visit(index);
  } else {
    for (int32_t index : state.live)
      visit(index);
  }
}

//===----------------------------------------------------------------------===//
// Submission
//===----------------------------------------------------------------------===//

bool DependencyTracker::analyze(const std::vector<Access> &accesses, std::vector<int64_t> &preds,
                                PartialOverlap &conflict) {
  hits_.clear();
  hitsBegin_.clear();
  for (size_t a = 0; a < accesses.size(); ++a) {
    const Access &access = accesses[a];
    hitsBegin_.push_back(hits_.size());
    if (access.box.empty())
      continue;
    TensorState &state = tensors_[static_cast<size_t>(access.tensor)];
    size_t begin = hits_.size();
    query(state, access.box, hits_);
    for (size_t h = begin; h < hits_.size(); ++h) {
      const Entry &entry = state.entries[static_cast<size_t>(hits_[h].index)];
      // Two reads need no order, so only a partial overlap that would need
      // an edge (with a write on either side) is beyond exact mode.
      bool needsOrder = (access.mode & PTOWSP_ACCESS_WRITE) || entry.writer >= 0;
      if (exact_ && needsOrder && !(entry.box == access.box)) {
        conflict.access = a;
        conflict.otherTask = entry.writer >= 0 ? entry.writer : entry.readers.front();
        conflict.otherBox = entry.box;
        return false;
      }
      if (entry.writer >= 0) // RAW (read) or WAW (write)
        preds.push_back(entry.writer);
      if (access.mode & PTOWSP_ACCESS_WRITE) // WAR
        preds.insert(preds.end(), entry.readers.begin(), entry.readers.end());
    }
  }
  hitsBegin_.push_back(hits_.size());
  return true;
}

void DependencyTracker::commit(const std::vector<Access> &accesses, int64_t task) {
  assert(hitsBegin_.size() == accesses.size() + 1 && "commit without analyze");
  for (size_t a = 0; a < accesses.size(); ++a) {
    const Access &access = accesses[a];
    if (access.box.empty())
      continue;
    TensorState &state = tensors_[static_cast<size_t>(access.tensor)];
    // Entries found by analyze(); one may have been changed by an earlier
    // access of this same task, which the generation check detects.
    int32_t identical = -1;
    for (size_t h = hitsBegin_[a]; h < hitsBegin_[a + 1]; ++h) {
      EntryRef ref = hits_[h];
      Entry &entry = state.entries[static_cast<size_t>(ref.index)];
      if (!entry.alive || entry.generation != ref.generation)
        continue;
      if (identical < 0 && entry.box == access.box) {
        identical = ref.index;
        continue;
      }
      if ((access.mode & PTOWSP_ACCESS_WRITE) && access.box.contains(entry.box))
        remove(state, ref.index);
    }
    if (access.mode & PTOWSP_ACCESS_WRITE) {
      if (identical >= 0) { // rewrite in place: the common tiled case
        Entry &entry = state.entries[static_cast<size_t>(identical)];
        entry.writer = task;
        if (entry.readers.capacity() > 64)
          std::vector<int64_t>().swap(entry.readers);
        else
          entry.readers.clear();
      } else {
        insert(state, access.box, task, -1);
      }
    } else if (identical >= 0) {
      state.entries[static_cast<size_t>(identical)].readers.push_back(task);
    } else {
      insert(state, access.box, -1, task);
    }
  }
  hits_.clear();
  hitsBegin_.clear();
}

void DependencyTracker::writersOf(int32_t tensor, const Box &element, std::vector<int64_t> &out) {
  TensorState &state = tensors_[static_cast<size_t>(tensor)];
  std::vector<EntryRef> refs;
  query(state, element, refs);
  for (EntryRef ref : refs) {
    int64_t writer = state.entries[static_cast<size_t>(ref.index)].writer;
    if (writer >= 0)
      out.push_back(writer);
  }
}

int64_t DependencyTracker::liveEntries() const {
  int64_t n = 0;
  for (const TensorState &state : tensors_)
    n += static_cast<int64_t>(state.live.size());
  return n;
}

} // namespace ptowsp::runtime
