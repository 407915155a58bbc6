# Proves that the build enforces the layers (CMakeLists.txt, "layers"): run by
# the ctest layers.includes as
#   cmake -DCXX=<compiler> -DINPUT=<build>/layers/check_layers_input.cmake \
#         -DWORK=<scratch dir> -P cmake/check_layers.cmake
# INPUT (written by CMake at generate time) gives FOLLOWUP_LAYERS in the order
# of the data flow, and for every layer the include path its sources compile
# with (INCLUDES_<layer>) and one of its headers (HEADER_<layer>).
#
# For every layer it preprocesses, with that layer's include path, a scratch
# file that includes one header of each later layer: each must fail because
# the header is not found (not for another reason). A scratch file that
# includes the layer's own header must preprocess, so the failures are not an
# artefact of a broken command. Only the preprocessor runs: a few seconds.
foreach(var CXX INPUT WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_layers.cmake: -D${var}=... is missing")
  endif()
endforeach()
include(${INPUT})
file(MAKE_DIRECTORY ${WORK})

set(failures 0)
set(checked 0)
list(LENGTH FOLLOWUP_LAYERS count)
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  list(GET FOLLOWUP_LAYERS ${i} layer)
  set(flags -std=c++20 -E -o /dev/null)
  # The layers' directories; the system ones (/usr/include) the compiler knows.
  set(dirs ${INCLUDES_${layer}})
  list(REMOVE_DUPLICATES dirs)
  list(REMOVE_ITEM dirs /usr/include)
  foreach(dir ${dirs})
    list(APPEND flags -I${dir})
  endforeach()

  # The layer's own header: must be found.
  set(scratch ${WORK}/${layer}_includes_${layer}.cpp)
  file(WRITE ${scratch} "#include \"${HEADER_${layer}}\"\n")
  execute_process(COMMAND ${CXX} ${flags} ${scratch} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  math(EXPR checked "${checked} + 1")
  if(NOT rc EQUAL 0)
    message(SEND_ERROR "${layer}: its own header ${HEADER_${layer}} does not preprocess:\n${out}")
    math(EXPR failures "${failures} + 1")
  endif()

  # Every later layer: must not be found.
  math(EXPR next "${i} + 1")
  if(next GREATER last)
    continue()
  endif()
  foreach(j RANGE ${next} ${last})
    list(GET FOLLOWUP_LAYERS ${j} higher)
    set(scratch ${WORK}/${layer}_includes_${higher}.cpp)
    file(WRITE ${scratch} "#include \"${HEADER_${higher}}\"\n")
    execute_process(COMMAND ${CXX} ${flags} ${scratch} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    math(EXPR checked "${checked} + 1")
    if(rc EQUAL 0)
      message(SEND_ERROR "${layer} can include ${HEADER_${higher}}: an include up the data flow "
                         "(${layer} -> ${higher}) compiles; the include path of ${layer} is too wide")
      math(EXPR failures "${failures} + 1")
    elseif(NOT out MATCHES "No such file or directory|file not found")
      message(SEND_ERROR "${layer} -> ${higher}: failed, but not because the header is missing:\n${out}")
      math(EXPR failures "${failures} + 1")
    endif()
  endforeach()
endforeach()

if(failures GREATER 0)
  message(FATAL_ERROR "layers: ${failures} of ${checked} checks failed")
endif()
message(STATUS "layers: ${checked} checks passed (each layer sees its own headers and none of a later layer)")
