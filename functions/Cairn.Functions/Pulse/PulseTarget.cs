namespace Cairn.Pulse;

// Who a push is for: one agent (all its connections), one group, or everyone.
public abstract record PulseTarget
{
    public static PulseTarget Agent(Guid agentId) => new AgentTarget(agentId);

    public static PulseTarget Group(string group) => PulseGroups.IsJoinable(group)
        ? new GroupTarget(group)
        : throw new ArgumentException($"'{group}' is not a pulse group: {PulseGroups.Rule}", nameof(group));

    public static PulseTarget All { get; } = new AllTarget();

    // Pushes with the same key keep their order: one agent's messages never overtake each other.
    internal abstract string OrderingKey { get; }

    internal abstract Task PublishAsync(IPulsePublisher publisher, PulseMessage message, CancellationToken cancellationToken);

    private sealed record AgentTarget(Guid AgentId) : PulseTarget
    {
        internal override string OrderingKey => AgentId.ToString();

        internal override Task PublishAsync(IPulsePublisher publisher, PulseMessage message, CancellationToken cancellationToken) =>
            publisher.PublishToAgentAsync(AgentId, message, cancellationToken);

        public override string ToString() => $"agent {AgentId}";
    }

    private sealed record GroupTarget(string Name) : PulseTarget
    {
        internal override string OrderingKey => Name;

        internal override Task PublishAsync(IPulsePublisher publisher, PulseMessage message, CancellationToken cancellationToken) =>
            publisher.PublishToGroupAsync(Name, message, cancellationToken);

        public override string ToString() => $"group {Name}";
    }

    private sealed record AllTarget : PulseTarget
    {
        internal override string OrderingKey => "";

        internal override Task PublishAsync(IPulsePublisher publisher, PulseMessage message, CancellationToken cancellationToken) =>
            publisher.PublishToAllAsync(message, cancellationToken);

        public override string ToString() => "everyone";
    }
}

// What became of one push. Never an exception: a push that fails is logged, and the inbox still holds the event.
public enum PulseOutcome
{
    // Handed to the connections (local) or accepted by Web PubSub (202).
    Sent,

    // The publisher failed after its retries; logged.
    Failed,

    // Not attempted: the dispatch queue was full or the app was shutting down; logged.
    Dropped,
}
