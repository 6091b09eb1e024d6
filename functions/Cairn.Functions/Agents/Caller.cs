namespace Cairn.Agents;

/// <summary>The agent behind a request, as authentication resolved it: services use it instead of reading the agent again.</summary>
public sealed record Caller(Guid Id, string Username);
