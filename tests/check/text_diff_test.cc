#include <catch2/catch.hpp>

#include "check/text_diff.h"

using hospsim::check::describe_difference;
using hospsim::check::sha256_hex;

TEST_CASE("check::sha256_hex: matches the FIPS 180-2 test vectors", "[check]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("check::describe_difference: shows the first differing lines with numbers", "[check]") {
  SECTION("equal texts give nothing") { CHECK(describe_difference("a\nb\n", "a\nb\n").empty()); }
  SECTION("a changed line: context, expected, got") {
    CHECK(describe_difference("a\nb\nc\n", "a\nB\nc\n", 8, "  ") ==
          "  context     1 | a\n"
          "  expected    2 | b\n"
          "  got         2 | B\n");
  }
  SECTION("an inserted line is one insertion, not a shift of every later line") {
    CHECK(describe_difference("h\n1\n2\n3\n4\n", "h\n1\nnew\n2\n3\n4\n", 8, "") ==
          "context     2 | 1\n"
          "got         3 | new\n");
  }
  SECTION("more changes than shown are counted") {
    CHECK(describe_difference("1\n2\n3\n4\n", "a\nb\nc\nd\n", 2, "") ==
          "expected    1 | 1\n"
          "expected    2 | 2\n"
          "... 6 more differing lines\n");
  }
  SECTION("changes far apart are separated by ...") {
    CHECK(describe_difference("x\n1\n2\n3\ny\n", "X\n1\n2\n3\nY\n", 8, "") ==
          "expected    1 | x\n"
          "got         1 | X\n"
          "...\n"
          "expected    5 | y\n"
          "got         5 | Y\n");
  }
  SECTION("a missing final newline is visible") {
    CHECK(describe_difference("a\n", "a", 8, "") ==
          "expected    1 | a\n"
          "got         1 | a  (no newline at end)\n");
  }
}
