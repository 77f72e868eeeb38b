// Reading input files and writing output files safely.
//
// read_input_file() refuses, before opening it, anything that is not a regular file (a directory, a FIFO that
// would block forever, a device such as /dev/zero that never ends) and any file larger than the caller's
// limit, so every input path of hospsim fails the same way: a message that starts with the path, exit 2.
//
// write_file_atomically() writes the whole content to a temporary file in the target's folder, checks every
// write, flush and close, then renames it over the target: a reader (or a later run) sees the old file or the
// complete new one, never a truncated one. On failure the temporary file is removed and the target is left as
// it was.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hospsim/status.h"

namespace hospsim {

// Ok when `size` bytes of `file_name` are at most `max_bytes`; else the refusal every input of hospsim gives,
// kInvalidArgument with one Problem on the file: "file is SIZE bytes; more than MAX bytes is refused". Used
// by read_input_file() and by the parsers of text in memory (scenario, sweep and expectation files).
Status check_input_size(const std::string& file_name, std::uintmax_t size, std::size_t max_bytes);

// The content of the regular file `path`. `what` names the expected kind of file in messages ("a scenario
// file"). Fails with kNotFound (missing, unreadable, a directory, not a regular file) or kInvalidArgument
// (larger than `max_bytes`, as one Problem on the file); every message starts with `path`.
Result<std::string> read_input_file(const std::string& path, std::size_t max_bytes, std::string_view what);

// Replaces `path` with `content` atomically (temporary file in the same folder + rename). An existing
// special file (a device such as /dev/stdout, a FIFO) is written in place instead. Fails with
// kInvalidArgument naming `path` and the system's reason (a full disk, a missing folder, no permission).
Status write_file_atomically(const std::string& path, std::string_view content);

// Writes several files as one: every content goes to a temporary file first, and only when all are
// complete are they renamed into place, so a failure (a full disk) leaves none of them changed or created.
// Each pair is (path, content); the contents are written from where they are (a national run's timeline is
// hundreds of MB: no copy).
Status write_files_atomically(const std::vector<std::pair<std::string, std::string_view>>& files);

}  // namespace hospsim
