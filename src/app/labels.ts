// The labels Coordinator uses, with colours and descriptions for the ones it creates.
import type { Config } from "../config-schema.js";
import type { LabelSpec } from "../github/port.js";

export function labelSpecs(config: Config): LabelSpec[] {
  const l = config.labels;
  return [
    { name: config.coordinationLabel, color: "5319e7", description: "Coordination issue: Coordinator keeps its dashboard" },
    { name: l.blocked, color: "d93f0b", description: "Waiting on an open blocker" },
    { name: l.ready, color: "0e8a16", description: "Every blocker is done: ready to start" },
    { name: l.inProgress, color: "fbca04", description: "A worker is on it" },
    { name: l.urgent, color: "b60205", description: "Urgent: needs the orchestrator now" },
    { name: l.gate, color: "1d76db", description: "Phase gate: approved by label" },
    { name: l.gateApproved, color: "0e8a16", description: "Gate approved (GO)" },
    { name: l.gateRejected, color: "b60205", description: "Gate rejected (NO-GO)" },
  ];
}
