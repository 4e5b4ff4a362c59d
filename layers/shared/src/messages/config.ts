function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The messages table (template: MessagesTable); read at call time so tests can set it. */
export const messagesTable = (): string => required('MESSAGES_TABLE');
