using Cairn.Jobs;
using Cairn.Storage;

namespace Cairn.Agents;

public sealed class RateLimitCleanupJob(TimeProvider clock, IExpiredDocumentPurger? purger = null)
    : ExpiredDocumentsCleanupJob(Containers.RateLimits, "rate-limit window(s)", clock, purger);
