// Transparent huge pages for the commands that simulate (run, batch and check).
//
// A national run is memory-bound: each event touches the state of one hospital of a thousand, and at 1,000
// hospitals that state is spread over hundreds of MiB of heap. With 4 KiB pages such a touch often misses
// the TLB as well (a page walk), and the growing heap takes a page fault per 4 KiB; with 2 MiB pages far
// fewer do (docs/performance.md, "Huge pages"). Linux's transparent huge pages in "madvise" mode (Debian's
// default) give huge pages only to memory that asks for them, and glibc's malloc asks only when the tunable
// glibc.malloc.hugetlb=1 is set (glibc 2.35 and later). A tunable is read once, when the process starts, so
// hospsim sets it in the environment and executes itself again before doing anything else.
//
// Outputs do not depend on it: nothing in a run depends on where memory lies (ASLR moves it on every run
// anyway); a test compares the outputs of a run with and without it byte for byte.
//
// Opting out: set GLIBC_TUNABLES yourself with glibc.malloc.hugetlb in it (glibc.malloc.hugetlb=0 for the
// plain 4 KiB pages); hospsim then runs as it is started.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hospsim {

// Whether `argv` names a subcommand that simulates: the first argument that is not a global option
// (--log-level VALUE, --log-level=VALUE, -q, --quiet) is run, batch or check.
bool simulates(int argc, const char* const* argv);

// The GLIBC_TUNABLES value to start again with, or nullopt when no re-execution is due:
// `thp_enabled` is the text of /sys/kernel/mm/transparent_hugepage/enabled (the selected mode in brackets:
// "always [madvise] never"); `tunables` the current GLIBC_TUNABLES (nullptr: unset); `glibc_version`
// gnu_get_libc_version() ("2.36"). Due when the mode is madvise or always, glibc is 2.35 or later and
// `tunables` does not mention glibc.malloc.hugetlb. The value is `tunables` with glibc.malloc.hugetlb=1
// appended (':' separated).
std::optional<std::string> huge_page_tunables(std::string_view thp_enabled, const char* tunables,
                                              std::string_view glibc_version);

// Called first in main(): when `argv` simulates and huge_page_tunables() says so for this machine, sets
// GLIBC_TUNABLES and executes /proc/self/exe with the same arguments (does not return). Otherwise, or when
// the execution fails, returns and the command runs with the pages it has.
void maybe_restart_with_huge_pages(int argc, char** argv);

// Whether this process's malloc was started with glibc.malloc.hugetlb=1 or 2 in GLIBC_TUNABLES (what
// `hospsim run --stats` reports as "malloc_huge_pages"; forked simulation children share the choice).
bool malloc_huge_pages();

}  // namespace hospsim
