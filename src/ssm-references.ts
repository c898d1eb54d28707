// SSM resolves Parameter Store references such as `{{ssm:/app/url}}` inside the parameters of a
// Run Command before the command reaches an instance, and offers no way to escape them. A value
// holding one would not reach the remote script as written, and could pull a parameter into the
// command (and into its history, in plain text). Such values are refused: the script itself holds
// no `{{`, so nothing else in the command can form a reference.

/** `{{ssm:…}}`, `{{ssm-secure:…}}` and the `{{resolve:…}}` form, spaces and case allowed. */
const SSM_REFERENCE = /\{\{\s*(?:ssm|ssm-secure|resolve)\s*:/i;

export function hasSsmReference(value: string): boolean {
  return SSM_REFERENCE.test(value);
}

/** The end of an input problem about a value holding a reference, naming no value. */
export const SSM_REFERENCE_PROBLEM =
  'SSM would replace it with a Parameter Store value before the script runs (SSM offers no escape for "{{ssm:"), so it is refused. Let deploy-script read the parameter on the instance instead.';
