#include "scenario/markup.h"

namespace hospsim {

std::string escape_markup(std::string_view text, MarkupContext context) {
  const bool xml = context != MarkupContext::kHtml;
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += xml ? "&apos;" : "'";
        break;
      case '\n':
        out += context == MarkupContext::kXmlAttribute ? "&#10;" : "\n";
        break;
      case '\t':
        out += xml ? "&#9;" : "\t";
        break;
      case '\r':
        out += xml ? "&#13;" : "\r";
        break;
      default: {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) continue;
        out += c;
      }
    }
  }
  return out;
}

}  // namespace hospsim
