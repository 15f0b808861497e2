#!/bin/sh
# An unknown option of an examstick command is reported under the
# command's full name, "examstick pack: ...", not the bare "pack: ...",
# followed by that command's usage and exit status 2.
set -u
. "$TOP/tests/lib.sh"

commands=$("$BUILD/bin/examstick" --help 2>&1 |
    sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')
# shellcheck disable=SC2086
check_option_errors examstick $commands
echo "examstick names the command in its option errors"
