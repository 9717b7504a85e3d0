#!/usr/bin/python3
# Runs `port0 plan` or `port0 apply` for the port0 role and reports port0's own plan as the
# task's diff, so `ansible-playbook --diff` shows the unified diff of port0's table (check
# mode: on the plan task; normal runs: on the apply task that made the change).
#
# It never fails by itself: rc, stdout and stderr come back as from the command module, and
# the role decides (port0's one-line error becomes the task's message).

from ansible.module_utils.basic import AnsibleModule
import json

DOCUMENTATION = r"""
module: port0_command
short_description: Run port0 plan or apply and report port0's plan as the diff
options:
  argv:
    description: The port0 command line (plan --detailed-exitcode or apply --json).
    type: list
    elements: str
    required: true
  mode:
    description: C(plan) reports rc 2 as changed; C(apply) reports what apply --json says.
    type: str
    choices: [plan, apply]
    required: true
  plan_output:
    description: With mode=apply, the plan (port0 plan's stdout) to show as the diff.
    type: str
"""


def main():
    module = AnsibleModule(
        argument_spec=dict(
            argv=dict(type="list", elements="str", required=True),
            mode=dict(type="str", choices=["plan", "apply"], required=True),
            plan_output=dict(type="str", default=""),
        ),
        supports_check_mode=True,
    )
    argv = module.params["argv"]
    rc, stdout, stderr = module.run_command(argv)
    result = dict(cmd=argv, rc=rc, stdout=stdout, stderr=stderr, changed=False)
    if module.params["mode"] == "plan":
        result["changed"] = rc == 2
        plan = stdout if rc == 2 else ""
    else:
        try:
            result["changed"] = rc == 0 and bool(json.loads(stdout).get("changed"))
        except ValueError:
            result["changed"] = False
        plan = module.params["plan_output"] if result["changed"] else ""
    if plan:
        result["diff"] = dict(prepared=plan.rstrip("\n"))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
