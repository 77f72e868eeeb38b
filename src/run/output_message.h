// A SimulationOutput as the message a simulation child sends its parent through the process pool
// (run/process_pool.h): a JSON value whose small members are JSON and whose typed rows (the timeline and
// the incident log, include/hospsim/timeline.h) are binary values holding the rows' raw bytes. The pool
// writes every long binary value (and long string) as raw bytes after the CBOR message, so a national run's
// timeline crosses the boundary as one block of bytes, not millions of CBOR items. Both ends are the same
// program on the same machine (a forked child), so the rows' bytes need no portable encoding.
#pragma once

#include <nlohmann/json.hpp>

#include "hospsim/run.h"
#include "hospsim/status.h"

namespace hospsim {

// The message of `output`; its large members are moved or copied out (`output` is left unspecified).
nlohmann::json output_message(SimulationOutput&& output);

// The output in `message` (its large members are moved out). Fails with kInternal when the message is not
// one output_message() writes (a member missing or of another type, rows that do not fit their tables).
Result<SimulationOutput> output_from_message(nlohmann::json& message);

}  // namespace hospsim
