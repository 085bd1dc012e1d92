// How a command is typed: `/verb` with the default prefix, `/coord verb` with commandPrefix
// "/coord", and the same followed by its arguments. The registry, the help table and every reply
// that names a command write it this way.

/** How the verb is typed: `/verb` with the default prefix, `/coord verb` with commandPrefix "/coord". */
export function commandText(prefix: string, verb: string): string {
  return prefix === "/" ? `/${verb}` : `${prefix} ${verb}`;
}

/** The command followed by its arguments (a usage synopsis or an example; "" for none). */
export function commandWith(prefix: string, verb: string, args: string): string {
  return args === "" ? commandText(prefix, verb) : `${commandText(prefix, verb)} ${args}`;
}
