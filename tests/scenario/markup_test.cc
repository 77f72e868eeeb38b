#include <string>

#include <catch2/catch.hpp>

#include "scenario/markup.h"

using namespace hospsim;

TEST_CASE("scenario::markup: the four markup characters in every context", "[scenario]") {
  const std::string text = "a < b & c > \"d\"";
  const std::string escaped = "a &lt; b &amp; c &gt; &quot;d&quot;";
  CHECK(escape_markup(text, MarkupContext::kHtml) == escaped);
  CHECK(escape_markup(text, MarkupContext::kXmlText) == escaped);
  CHECK(escape_markup(text, MarkupContext::kXmlAttribute) == escaped);
  SECTION("an entity already written is escaped again: the text is text, not markup") {
    CHECK(escape_markup("&amp;", MarkupContext::kHtml) == "&amp;amp;");
  }
  SECTION("UTF-8 passes through") {
    CHECK(escape_markup("St Mary\xE2\x80\x99s \xC3\xA9", MarkupContext::kHtml) ==
          "St Mary\xE2\x80\x99s \xC3\xA9");
  }
}

TEST_CASE("scenario::markup: apostrophes and white space by context", "[scenario]") {
  const std::string text = "it's\tone\ntwo\r";
  CHECK(escape_markup(text, MarkupContext::kHtml) == "it's\tone\ntwo\r");
  CHECK(escape_markup(text, MarkupContext::kXmlText) == "it&apos;s&#9;one\ntwo&#13;");
  CHECK(escape_markup(text, MarkupContext::kXmlAttribute) == "it&apos;s&#9;one&#10;two&#13;");
}

TEST_CASE("scenario::markup: control bytes are dropped, not written or referenced", "[scenario]") {
  // Below 0x20 but tab, newline and carriage return, and DEL: not allowed in XML 1.0 in any form, parse
  // errors in HTML.
  const std::string text = std::string("a") + '\0' + "\x01\x08\x0B\x0C\x1B\x1F" + "b\x7F" + "c";
  for (const MarkupContext context :
       {MarkupContext::kHtml, MarkupContext::kXmlText, MarkupContext::kXmlAttribute}) {
    CHECK(escape_markup(text, context) == "abc");
  }
  CHECK(escape_markup(std::string(1, '\0'), MarkupContext::kHtml).empty());
}
