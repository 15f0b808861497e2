# Shell helpers for the image build scripts.  Source it:
#   . "$(dirname "$0")/lib.sh"

# die MESSAGE: print "mkimage: MESSAGE" and stop.
die() {
	echo "mkimage: $*" >&2
	exit 1
}

# step MESSAGE: say what the build does next.
step() {
	echo "mkimage: $*" >&2
}

# need TOOL...: stop unless each TOOL is on PATH.
need() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 ||
		    die "$tool is not installed: run scripts/install-deps --image"
	done
}
