using Cairn.Agents;
using Cairn.Events;
using Cairn.Events.Inbound;

namespace Cairn.Collective.Experiences;

/// <summary>
/// <c>cairn.outcome.report</c>: a pipeline reports whether an experience worked, as <c>POST /experiences/{id}/outcome</c>
/// would. The experience is <c>data.experience_id</c> (short id or UUID), or the event's <c>subject</c>.
/// </summary>
public sealed class OutcomeEventHandler(ExperienceService experiences, InboundData data) : IInboundEventHandler
{
    public string Type => InboundEventTypes.OutcomeReport;

    public async Task<object> HandleAsync(InboundEvent e, Caller caller, CancellationToken cancellationToken)
    {
        var report = data.Bind<OutcomeEventData>(e);
        var identifier = report.ExperienceId ?? e.Subject;
        if (string.IsNullOrWhiteSpace(identifier))
        {
            throw new Errors.ValidationFailedException("data.experience_id", "is required (or set the event's subject): the experience's short_id or id.");
        }
        return await InboundData.AsDataAsync(() => experiences.ReportOutcomeAsync(caller, identifier, new ReportOutcomeRequest(
            report.Success, report.ExecutionTimeMs, report.ErrorMessage, report.ContextNotes), cancellationToken));
    }
}

public sealed record OutcomeEventData(string? ExperienceId, bool? Success, long? ExecutionTimeMs, string? ErrorMessage, string? ContextNotes);
