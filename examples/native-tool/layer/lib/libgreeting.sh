# The tool's "library": found through LD_LIBRARY_PATH, which Lambda ends with /opt/lib.
greeting() { echo "Hello, $1! (from /opt/bin/greet using /opt/lib)"; }
