using Cairn.Agents;
using Cairn.Events;
using Cairn.Events.Inbound;

namespace Cairn.Memory;

/// <summary><c>cairn.memory.observation</c>: the data is the body of <c>POST /memory/observe</c> (session_id, content, type, outcome, tool_name).</summary>
public sealed class ObservationEventHandler(ObservationService observations, InboundData data) : IInboundEventHandler
{
    public string Type => InboundEventTypes.MemoryObservation;

    public async Task<object> HandleAsync(InboundEvent e, Caller caller, CancellationToken cancellationToken)
    {
        var request = data.Bind<ObserveRequest>(e);
        return await InboundData.AsDataAsync(() => observations.ObserveAsync(caller.Id, request, cancellationToken));
    }
}
