using Cairn.Storage;

namespace Cairn.Jobs;

/// <summary>Deletes expired rate-limit windows.</summary>
public sealed class RateLimitCleanupJob(TimeProvider clock, IExpiredDocumentPurger? purger = null)
    : ExpiredDocumentsCleanupJob(Containers.RateLimits, "rate-limit window(s)", clock, purger);
