# The store keeps RocksDB to itself (CMakeLists.txt, "layers"; src/store/store.h):
# run by the ctest layers.store_types as
#   cmake -DSOURCE_DIR=<source dir> -P cmake/check_store_types.cmake
# Fails when a source outside src/store/ (src/, bench/, fuzz/) includes a RocksDB
# header or names a rocksdb:: type; callers read through KvReader and write
# through KvBatch/KvStore (projections/kv.h). The build backs it up: only
# followup_store links RocksDB (PRIVATE). A grep over the tree: well under a second.
if(NOT DEFINED SOURCE_DIR)
  message(FATAL_ERROR "check_store_types.cmake: -DSOURCE_DIR=... is missing")
endif()
file(GLOB_RECURSE sources ${SOURCE_DIR}/src/*.h ${SOURCE_DIR}/src/*.cpp ${SOURCE_DIR}/src/*.in
     ${SOURCE_DIR}/bench/*.cpp ${SOURCE_DIR}/fuzz/*.cpp ${SOURCE_DIR}/fuzz/*.h)
set(failures 0)
foreach(f ${sources})
  if(f MATCHES "^${SOURCE_DIR}/src/store/")
    continue()
  endif()
  file(STRINGS ${f} hits REGEX "#include <rocksdb/|rocksdb::")
  if(hits)
    file(RELATIVE_PATH rel ${SOURCE_DIR} ${f})
    foreach(h ${hits})
      message(SEND_ERROR "${rel}: RocksDB outside src/store/: ${h}\n"
                         "  read through KvReader and write through KvStore/KvBatch (projections/kv.h) instead")
    endforeach()
    math(EXPR failures "${failures} + 1")
  endif()
endforeach()
list(LENGTH sources checked)
if(failures GREATER 0)
  message(FATAL_ERROR "${failures} file(s) outside src/store/ use RocksDB")
endif()
message(STATUS "RocksDB stays in src/store/: ${checked} files checked")
