namespace Cairn.Agents;

// The agent behind a request, as authentication resolved it: services use it instead of reading the agent again.
public sealed record Caller(Guid Id, string Username);
