#include <catch2/catch.hpp>

#include "scenario/suggest.h"

using namespace hospsim;

TEST_CASE("scenario::suggest: edit distances of known pairs", "[scenario]") {
  SECTION("Levenshtein") {
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("flaw", "lawn") == 2);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("same", "same") == 0);
    CHECK(edit_distance("ab", "ba") == 2);
    CHECK(edit_distance("Seeds", "seeds") == 1);
  }
  SECTION("optimal string alignment: an adjacent swap is one edit") {
    CHECK(optimal_string_alignment_distance("kitten", "sitting") == 3);
    CHECK(optimal_string_alignment_distance("ab", "ba") == 1);
    CHECK(optimal_string_alignment_distance("sedes", "seeds") == 1);
    CHECK(optimal_string_alignment_distance("ca", "abc") == 3);
  }
}

TEST_CASE("scenario::suggest: the closest candidate within the rule", "[scenario]") {
  const std::vector<std::string> keys = {"policy", "base", "bass"};
  SECTION("within the distance, the first of equally near ones") {
    CHECK(closest_candidate("polcy", keys, SuggestionRule{.max_distance = 2}) == "policy");
    CHECK(closest_candidate("bas", keys, SuggestionRule{.max_distance = 2}) == "base");
    CHECK(closest_candidate("grid", keys, SuggestionRule{.max_distance = 2}).empty());
    CHECK(closest_candidate("x", {}, SuggestionRule{.max_distance = 2}).empty());
  }
  SECTION("transpositions") {
    CHECK(closest_candidate("plociy", keys, SuggestionRule{.max_distance = 2}).empty());
    CHECK(closest_candidate("plociy", keys,
                            SuggestionRule{.max_distance = 2, .count_transpositions = true}) == "policy");
  }
  SECTION("case") {
    const std::vector<std::string> kinds = {"Emr", "emr"};
    CHECK(closest_candidate("EMR", kinds, SuggestionRule{.max_distance = 1}).empty());
    CHECK(closest_candidate("EMR", kinds, SuggestionRule{.max_distance = 1, .ignore_case = true}) == "Emr");
  }
  SECTION("rewrites") {
    CHECK(closest_candidate("a", {"b"}, SuggestionRule{.max_distance = 1}) == "b");
    CHECK(closest_candidate("a", {"b"}, SuggestionRule{.max_distance = 1, .reject_rewrites = true}).empty());
  }
}
