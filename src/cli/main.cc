// The hospsim command: everything happens in run_cli (src/cli/cli.cc).
#include "cli/cli.h"

int main(int argc, char** argv) { return hospsim::run_cli(argc, argv); }
