#include "cli/huge_pages.h"

#include <gnu/libc-version.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace hospsim {

bool simulates(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-q" || arg == "--quiet" || arg.starts_with("--log-level=")) continue;
    if (arg == "--log-level") {
      ++i;  // its value
      continue;
    }
    return arg == "run" || arg == "batch" || arg == "check";
  }
  return false;
}

namespace {

// "2.36" -> true for 2.35 and later; anything unreadable -> false.
bool glibc_has_hugetlb_tunable(std::string_view version) {
  int major = 0;
  int minor = 0;
  std::size_t i = 0;
  for (; i < version.size() && version[i] >= '0' && version[i] <= '9'; ++i)
    major = major * 10 + (version[i] - '0');
  if (i == 0 || i >= version.size() || version[i] != '.') return false;
  const std::size_t minor_start = ++i;
  for (; i < version.size() && version[i] >= '0' && version[i] <= '9'; ++i)
    minor = minor * 10 + (version[i] - '0');
  if (i == minor_start) return false;
  return major > 2 || (major == 2 && minor >= 35);
}

}  // namespace

std::optional<std::string> huge_page_tunables(std::string_view thp_enabled, const char* tunables,
                                              std::string_view glibc_version) {
  const bool thp_on = thp_enabled.find("[madvise]") != std::string_view::npos ||
                      thp_enabled.find("[always]") != std::string_view::npos;
  if (!thp_on || !glibc_has_hugetlb_tunable(glibc_version)) return std::nullopt;
  const std::string_view current = tunables != nullptr ? tunables : "";
  if (current.find("glibc.malloc.hugetlb") != std::string_view::npos) return std::nullopt;
  std::string value(current);
  if (!value.empty()) value += ':';
  value += "glibc.malloc.hugetlb=1";
  return value;
}

void maybe_restart_with_huge_pages(int argc, char** argv) {
  if (!simulates(argc, argv)) return;
  std::ifstream file("/sys/kernel/mm/transparent_hugepage/enabled");
  if (!file) return;
  const std::string thp_enabled((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const char* set = std::getenv("GLIBC_TUNABLES");
  const std::string current = set != nullptr ? set : "";
  const auto tunables = huge_page_tunables(thp_enabled, set, gnu_get_libc_version());
  if (!tunables) return;
  if (::setenv("GLIBC_TUNABLES", tunables->c_str(), 1) != 0) return;
  ::execv("/proc/self/exe", argv);
  // Only reached when the execution failed (no /proc, say): run as started, with the pages malloc chose
  // when this process started.
  ::unsetenv("GLIBC_TUNABLES");
  if (!current.empty()) ::setenv("GLIBC_TUNABLES", current.c_str(), 1);
}

bool malloc_huge_pages() {
  const char* set = std::getenv("GLIBC_TUNABLES");
  if (set == nullptr) return false;
  const std::string_view tunables = set;
  // The last setting wins, as in glibc.
  const std::string_view key = "glibc.malloc.hugetlb=";
  const std::size_t at = tunables.rfind(key);
  if (at == std::string_view::npos || (at > 0 && tunables[at - 1] != ':')) return false;
  const std::string_view value = tunables.substr(at + key.size(), tunables.find(':', at) - at - key.size());
  return value == "1" || value == "2";
}

}  // namespace hospsim
