// Byte transfer through the anonymous temporary files (std::tmpfile()) that a forked simulation child writes
// its result and its stderr to, and that the parent reads back once the child has ended; and the child's
// death with its parent. Used by ProcessPool (run/process_pool.h), the one place that forks.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

namespace hospsim {

// Called first in a forked child: the child is killed (SIGKILL) when its parent dies, even by SIGKILL, so no
// simulation outlives the command that started it (and the parent's time limits keep holding). If the parent
// is already gone when this runs, the child exits at once. `parent` is the parent's pid taken before fork().
void die_with_parent(int parent);

// Writes every byte to `fd`, retrying after EINTR and short writes. On another error it stops silently: the
// parent then finds a short or empty result: a run that ended without a result.
void write_all(int fd, const void* data, std::size_t size);

// Everything in `file` from its beginning (it is flushed and rewound first); "" for an empty file.
std::string read_all(std::FILE* file);

}  // namespace hospsim
