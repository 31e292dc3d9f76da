# Shared compiler settings for every native part: warnings are errors, and
# Windows binaries carry DWARF 4 because Wine's dbghelp cannot read DWARF 5.
set(CMAKE_C_STANDARD 11)
set(CMAKE_C_STANDARD_REQUIRED ON)
add_compile_options(-Wall -Wextra -Werror -Wno-unused-parameter)
if(WIN32)
  add_compile_options(-gdwarf-4)
  add_link_options(-static-libgcc)
else()
  add_compile_options(-g)
endif()
set(HANDLESPY_PROTOCOL_INCLUDE ${CMAKE_CURRENT_LIST_DIR}/../native-hooks/include)
