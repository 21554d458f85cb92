"""Writes prometheusrule.yaml from deploy/prometheus/trickle-alerts.yml (run from the repository
root after changing the rules; KubernetesManifestsTest fails while the two differ)."""
import yaml


class Literal(str):
    pass


def literal(dumper, text):
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")


def blocks(node):
    if isinstance(node, dict):
        return {key: blocks(value) for key, value in node.items()}
    if isinstance(node, list):
        return [blocks(value) for value in node]
    return Literal(node) if isinstance(node, str) and "\n" in node else node


yaml.add_representer(Literal, literal)
with open("deploy/prometheus/trickle-alerts.yml") as source:
    groups = yaml.safe_load(source)["groups"]
rule = {
    "apiVersion": "monitoring.coreos.com/v1",
    "kind": "PrometheusRule",
    "metadata": {"name": "trickle"},
    "spec": {"groups": blocks(groups)},
}
with open("deploy/kubernetes/monitoring/prometheusrule.yaml", "w") as target:
    target.write("# Generated from deploy/prometheus/trickle-alerts.yml by prometheusrule.py: edit the rules\n")
    target.write("# there, then run python3 deploy/kubernetes/monitoring/prometheusrule.py.\n")
    yaml.dump(rule, target, sort_keys=False, width=100)
