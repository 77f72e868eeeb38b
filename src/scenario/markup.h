// Text made safe for the markup hospsim writes: the HTML report (report/html_page.h) and the JUnit XML of
// `hospsim check --junit` (check/check_output.cc). One set of rules, with the few characters the contexts
// treat differently named by the context.
#pragma once

#include <string>
#include <string_view>

namespace hospsim {

// Where escaped text is put.
enum class MarkupContext {
  // HTML element content or a double-quoted attribute value: apostrophes, tabs, newlines and carriage
  // returns are written as they are.
  kHtml,
  // XML 1.0 element content: `'` as &apos;, newlines as they are, tab and carriage return as &#9; and &#13;
  // (a parser would read a written carriage return as a newline).
  kXmlText,
  // An XML 1.0 attribute value: as kXmlText, and newlines as &#10; (a parser would read a written tab,
  // newline or carriage return as a space).
  kXmlAttribute,
};

// `text` with & < > " replaced by &amp; &lt; &gt; &quot; in every context, the characters above as the
// context says, and the control bytes dropped: those below 0x20 other than tab, newline and carriage return,
// and 0x7F. XML 1.0 allows none of the former in any form (not even as a character reference); in HTML each
// of them but form feed, and 0x7F, is a parse error written or referenced. Every other byte is copied, so
// UTF-8 text stays UTF-8 (it is not checked).
std::string escape_markup(std::string_view text, MarkupContext context);

}  // namespace hospsim
