// The hospsim command: everything happens in run_cli (src/cli/cli.cc), after a command that simulates has
// restarted itself with transparent huge pages where the machine offers them (src/cli/huge_pages.h).
#include "cli/cli.h"
#include "cli/huge_pages.h"

int main(int argc, char** argv) {
  hospsim::maybe_restart_with_huge_pages(argc, argv);
  return hospsim::run_cli(argc, argv);
}
