# An unknown option of a reloader command is reported under the
# command's full name, "reloader load: ...", not the bare "load: ...",
# followed by that command's usage.
set -u
. "$TOP/tests/lib.sh"

commands=$("$BUILD/bin/reloader" --help 2>&1 |
    sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
# shellcheck disable=SC2086
check_option_errors reloader $commands
echo "reloader names the command in its option errors"
