using System.Globalization;

namespace Cairn.Load;

internal sealed record LoadOptions(string BaseUrl, int Iterations, int Warmup, int Concurrency, IReadOnlyList<int> Sizes)
{
    public string Scenario { get; init; } = "clipboard";

    public int Experiences { get; init; } = 10_000;

    // A second app to time side by side with BaseUrl (collective scenario): the same requests, interleaved.
    public string? CompareUrl { get; init; }

    // Inbox events seeded before the inbox-read measurement.
    public int Events { get; init; } = 10_000;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions("http://127.0.0.1:7071", 1000, 100, 1, [1024, 1024 * 1024]);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--base-url" => options with { BaseUrl = value },
                "--iterations" => options with { Iterations = Positive(value) },
                "--warmup" => options with { Warmup = int.Parse(value, CultureInfo.InvariantCulture) },
                "--concurrency" => options with { Concurrency = Positive(value) },
                "--sizes" => options with { Sizes = value.Split(',').Select(Positive).ToList() },
                "--scenario" => options with { Scenario = value is "clipboard" or "collective" or "inbox" or "webhooks" ? value : throw new ArgumentException("--scenario is clipboard, collective, inbox or webhooks.") },
                "--experiences" => options with { Experiences = Positive(value) },
                "--events" => options with { Events = Positive(value) },
                "--compare-url" => options with { CompareUrl = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}; see the usage line in Program.cs."),
            };
        }
        return options;
    }

    private static int Positive(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"'{value}' is not a positive integer.");
}

internal sealed record Measurement(double[] Latencies, TimeSpan Elapsed)
{
    // Nearest-rank percentile of the sorted latencies.
    public double Percentile(double p) => Latencies[Math.Max(0, (int)Math.Ceiling(p / 100 * Latencies.Length) - 1)];
}
