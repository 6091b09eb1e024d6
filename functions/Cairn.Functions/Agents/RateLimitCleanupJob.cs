using Cairn.Jobs;
using Cairn.Storage;

namespace Cairn.Agents;

/// <summary>Deletes expired rate-limit windows.</summary>
public sealed class RateLimitCleanupJob(TimeProvider clock, IExpiredDocumentPurger? purger = null)
    : ExpiredDocumentsCleanupJob(Containers.RateLimits, "rate-limit window(s)", clock, purger);
