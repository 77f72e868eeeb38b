// HOSPSIM_INCBIN(name, "FILE"): embeds FILE, byte for byte, into the binary with the assembler's .incbin (no
// size limit of string literals, no generated source holding the bytes), and declares its bounds
// `hospsim_<name>_begin` and `hospsim_<name>_end` (end excluded; a NUL byte follows it). Used by the files
// CMake generates from src/report/*.cc.in, with absolute paths CMake fills in.
//
// The object file depends on FILE's bytes, which the compiler does not see: the generated source also carries
// FILE's SHA-256 (src/report/CMakeLists.txt), so a changed FILE changes the source and no compiler cache hands
// back the old object.
#pragma once

#define HOSPSIM_INCBIN(name, file)                                                      \
  __asm__(".pushsection .rodata.hospsim_" #name ",\"a\",@progbits\n"                    \
          ".balign 16\n"                                                                \
          ".globl hospsim_" #name "_begin\n"                                            \
          ".hidden hospsim_" #name "_begin\n"                                           \
          "hospsim_" #name "_begin:\n"                                                  \
          ".incbin \"" file "\"\n"                                                      \
          ".globl hospsim_" #name "_end\n"                                              \
          ".hidden hospsim_" #name "_end\n"                                             \
          "hospsim_" #name "_end:\n"                                                    \
          ".byte 0\n"                                                                   \
          ".popsection\n");                                                             \
  extern "C" const char hospsim_##name##_begin[];                                       \
  extern "C" const char hospsim_##name##_end[];
