#include "check/text_diff.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

namespace hospsim::check {

std::string sha256_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL EVP_Digest(SHA-256) failed");
  }
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

namespace {

// Lines without their '\n'; a text that does not end with '\n' has its last line marked "(no newline at
// end)" so that the difference is visible.
std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.emplace_back(std::string(text.substr(start)) + "  (no newline at end)");
      break;
    }
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

enum class Op { kSame, kExpectedOnly, kGotOnly };
struct Step {
  Op op;
  int expected_line;  // 0-based index into expected (kSame, kExpectedOnly)
  int got_line;       // 0-based index into got (kSame, kGotOnly)
};

// Edit script of a vs b. Common start and end are matched directly; the middle by LCS when it is small
// enough (cells <= kMaxCells), else line by line at equal offsets.
std::vector<Step> edit_script(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  constexpr std::size_t kMaxCells = 16'000'000;
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  const std::size_t n = a.size() - prefix - suffix;
  const std::size_t m = b.size() - prefix - suffix;
  std::vector<Step> steps;
  for (std::size_t i = 0; i < prefix; ++i) steps.push_back({Op::kSame, int(i), int(i)});
  if ((n + 1) * (m + 1) <= kMaxCells) {
    // lcs[i][j]: LCS length of a[prefix+i..] and b[prefix+j..] within the middle.
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) =
            a[prefix + i] == b[prefix + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        steps.push_back({Op::kSame, int(prefix + i), int(prefix + j)});
        ++i;
        ++j;
      } else if (j < m && (i == n || at(i, j + 1) > at(i + 1, j))) {
        steps.push_back({Op::kGotOnly, -1, int(prefix + j)});
        ++j;
      } else {
        steps.push_back({Op::kExpectedOnly, int(prefix + i), -1});
        ++i;
      }
    }
  } else {
    for (std::size_t k = 0; k < std::max(n, m); ++k) {
      if (k < n && k < m && a[prefix + k] == b[prefix + k]) {
        steps.push_back({Op::kSame, int(prefix + k), int(prefix + k)});
        continue;
      }
      if (k < n) steps.push_back({Op::kExpectedOnly, int(prefix + k), -1});
      if (k < m) steps.push_back({Op::kGotOnly, -1, int(prefix + k)});
    }
  }
  for (std::size_t k = suffix; k-- > 0;) {
    steps.push_back({Op::kSame, int(a.size() - 1 - k), int(b.size() - 1 - k)});
  }
  return steps;
}

}  // namespace

std::string describe_difference(std::string_view expected, std::string_view got, int max_changed,
                                std::string_view indent) {
  if (expected == got) return "";
  const std::vector<std::string> a = split_lines(expected);
  const std::vector<std::string> b = split_lines(got);
  const std::vector<Step> steps = edit_script(a, b);
  std::size_t first = 0;
  while (first < steps.size() && steps[first].op == Op::kSame) ++first;
  if (first == steps.size()) return "";  // unreachable: the texts differ
  std::string out;
  auto line = [&](const char* label, int number, const std::string& text) {
    out += fmt::format("{}{:<8} {:>4} | {}\n", indent, label, number + 1, text);
  };
  if (first > 0) line("context", steps[first - 1].expected_line, a[steps[first - 1].expected_line]);
  int shown = 0;
  int total_changed = 0;
  for (const Step& step : steps) total_changed += step.op != Op::kSame ? 1 : 0;
  int same_run = 0;  // equal lines seen since the last change
  for (std::size_t k = first; k < steps.size() && shown < max_changed; ++k) {
    const Step& step = steps[k];
    if (step.op == Op::kSame) {
      ++same_run;
      continue;
    }
    if (same_run > 0) {
      // Show one equal line between nearby changes, "..." for a longer stretch.
      if (same_run == 1) {
        line("context", steps[k - 1].expected_line, a[steps[k - 1].expected_line]);
      } else {
        out += fmt::format("{}...\n", indent);
      }
      same_run = 0;
    }
    if (step.op == Op::kExpectedOnly) {
      line("expected", step.expected_line, a[step.expected_line]);
    } else {
      line("got", step.got_line, b[step.got_line]);
    }
    ++shown;
  }
  if (total_changed > shown) {
    out += fmt::format("{}... {} more differing line{}\n", indent, total_changed - shown,
                       total_changed - shown == 1 ? "" : "s");
  }
  return out;
}

}  // namespace hospsim::check
