using System.ComponentModel.DataAnnotations;

namespace Cairn.Events.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Cairn:Webhooks";

    /// <summary>Lets webhooks reach loopback, private, link-local, CGNAT and metadata addresses: local receivers and tests only.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Whole-request limit for one delivery attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A subscription whose deliveries have failed without a success for this long is disabled.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Runs the dispatcher inside the app as well as on the timer; off in tests that drive it by hand.</summary>
    public bool BackgroundDispatch { get; set; } = true;

    /// <summary>How often the in-app dispatcher looks for due retries when no new event wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1, 100)]
    public int MaxSubscriptionsPerAgent { get; set; } = 20;
}
