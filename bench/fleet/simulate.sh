#!/usr/bin/env bash
# The fleet simulator (issue 6, part 5): a discrete-event model of a rollout driving the puller's own swarm
# scheduler (io.lading.puller.swarm.SwarmScheduler) on simulated hosts, against the lower bound and a linear
# pipeline and a binary tree computed with the same model. Compiles the puller's test tree, then runs
# io.lading.puller.sim.FleetSimulator with whatever flags it is given (see bench/fleet/README.md).
#
#   bash bench/fleet/simulate.sh --topologies pipeline,tree        # 100 and 1000 hosts, 500 GB, 0/1/5 % failing: minutes
#   bash bench/fleet/simulate.sh --hosts 100 --model-gb 50         # the swarm too, at 100 hosts: minutes
# The swarm at the defaults (500 GB, 1000 hosts) is far beyond minutes on 2 cores: see bench/fleet/README.md.
#
# LADING_MAVEN_REPO points Maven at another local repository (e.g. a per-worktree one).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/bin/lib/java.sh"
repo=()
[ -n "${LADING_MAVEN_REPO:-}" ] && repo=(-Dmaven.repo.local="$LADING_MAVEN_REPO")
echo "compiling the puller and its tests..." >&2
(cd "$root" && mvn -B -q -o -pl puller -am test-compile "${repo[@]}") >&2
# The simulator uses only the puller's own classes (the swarm package) and the JDK.
exec "$JAVA_HOME/bin/java" ${LADING_SIM_JAVA_OPTS:--Xmx4g} \
  -cp "$root/puller/target/classes:$root/puller/target/test-classes" io.lading.puller.sim.FleetSimulator "$@"
