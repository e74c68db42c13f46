# Sourced by the benchmarks: java25 is the JDK 25 the actions run the CLI on (TFS_DEPLOY_JAVA, else
# the first /usr/lib/jvm/*25*), or empty when this machine has none.
java25="${TFS_DEPLOY_JAVA:-}"
if [ -z "$java25" ]; then
  for home in /usr/lib/jvm/*25*; do
    [ -x "$home/bin/java" ] && { java25="$home/bin/java"; break; }
  done
fi
