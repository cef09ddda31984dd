#!/usr/bin/env bash
# examples/whatif-ci.sh - a change-approval step for a pull request that
# changes AWS network resources with Terraform.
#
# It compares the network as it is (AWS CLI exports) with the network after
# the plan, over the flows that matter (a flows file kept in the repository,
# or last hour's VPC Flow Logs), writes a Markdown report for the pull
# request comment, and fails the job when the change opens something to the
# internet or cuts an existing connection.
#
# Inputs (environment):
#   NETVERDICT   the netverdict binary                      [netverdict]
#   PLAN_JSON    `terraform show -json plan.out` output; made here with
#                terraform when unset
#   EXPORTS      directory of AWS CLI exports of the current network
#                (describe-vpcs, -subnets, -network-interfaces,
#                -security-groups, -network-acls, ...); made here with the
#                aws CLI when unset
#   FLOWS        flows to replay: JSON lines, CSV or VPC Flow Logs records
#   FAIL_ON      --fail-on classes   [newly-allowed-from-internet,existing-cut]
#   REPORT       where the Markdown report goes              [whatif.md]
# Exit status: 0 fine, 3 a --fail-on class occurred, 2 bad input.
set -euo pipefail
NETVERDICT="${NETVERDICT:-netverdict}"
FAIL_ON="${FAIL_ON:-newly-allowed-from-internet,existing-cut}"
REPORT="${REPORT:-whatif.md}"
: "${FLOWS:?set FLOWS to a flows file}"

if [ -z "${PLAN_JSON:-}" ]; then
	terraform plan -input=false -out=plan.out >/dev/null
	terraform show -json plan.out >plan.json
	PLAN_JSON=plan.json
fi
if [ -z "${EXPORTS:-}" ]; then
	EXPORTS="$(mktemp -d)"
	for what in vpcs subnets network-interfaces security-groups network-acls managed-prefix-lists; do
		aws ec2 "describe-$what" --output json >"$EXPORTS/$what.json"
	done
fi

config=()
for f in "$EXPORTS"/*.json; do
	config+=(--base "$f" --proposed "$f")
done

status=0
"$NETVERDICT" whatif "${config[@]}" --plan "$PLAN_JSON" --flows "$FLOWS" --view verdict \
	--fail-on "$FAIL_ON" --report markdown --report-file "$REPORT" >whatif.jsonl 2>whatif-summary.txt || status=$?
cat whatif-summary.txt >&2
case "$status" in
0) echo "netverdict: the change opens and cuts nothing this job checks for" >&2 ;;
3) echo "netverdict: the change needs a second look (see $REPORT)" >&2 ;;
*) echo "netverdict: what-if failed (exit $status)" >&2 ;;
esac
exit "$status"
