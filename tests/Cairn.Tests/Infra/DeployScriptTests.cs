using System.Diagnostics;
using Cairn.Tests.Support;

namespace Cairn.Tests.Infra;

// scripts/deploy --dry-run prints what a real deployment would run, in order, with the options passed through.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // scripts/deploy is bash; the fake az needs an exec bit
[Trait("Storage", "None")]
public sealed class DeployScriptTests
{
    [Fact]
    public async Task DryRunCreatesTheGroupThenDeploysTheTemplateThenPackagesThenZipDeploys()
    {
        var run = await DeployAsync("--dry-run", "--resource-group", "rg-cairn-test", "--location", "westus2", "--name-prefix", "cx",
            "--search-provider", "aisearch", "--search-sku", "free", "--pubsub-sku", "Standard_S1", "--subscription", "00000000-1111-2222-3333-444444444444");

        Assert.True(run.ExitCode == 0, run.Output);
        var commands = run.Commands;
        Assert.Collection(commands,
            group => Assert.StartsWith("az group create --name rg-cairn-test --location westus2 ", group),
            probe => Assert.StartsWith("az keyvault list --resource-group rg-cairn-test ", probe),
            deployment =>
            {
                Assert.StartsWith("az deployment group create --resource-group rg-cairn-test ", deployment);
                Assert.Contains(" --template-file infra/main.bicep --parameters infra/main.parameters.json ", deployment);
                Assert.Contains(" namePrefix=cx searchProvider=aisearch searchSku=free pubsubSku=Standard_S1 seedSecrets=true ", deployment);
            },
            package => Assert.Equal("scripts/package", package),
            zipDeploy =>
            {
                Assert.StartsWith("az functionapp deployment source config-zip --resource-group rg-cairn-test ", zipDeploy);
                Assert.Contains(" --src artifacts/cairn-functions.zip", zipDeploy);
            });
        Assert.All(commands.Where(c => c.StartsWith("az ", StringComparison.Ordinal)),
            command => Assert.Contains("--subscription 00000000-1111-2222-3333-444444444444", command));
        Assert.True(run.AzCalls.Length == 0, $"the dry run called az:\n{run.AzCalls}");
    }

    [Fact]
    public async Task DryRunWithDefaultsTargetsTheCairnGroupWithSearchInCosmosAndFreePubSub()
    {
        var run = await DeployAsync("--dry-run");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.StartsWith("az group create --name cairn --location eastus ", run.Commands[0]);
        Assert.Contains(" namePrefix=cairn searchProvider=cosmos searchSku=basic pubsubSku=Free_F1 ", run.Commands[2]);
        Assert.Contains("search profile cosmos", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Commands, command => command.Contains("--subscription", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SeedSecretsForcesNewSecretsWithoutProbingTheVault()
    {
        var run = await DeployAsync("--dry-run", "--seed-secrets");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain(run.Commands, command => command.StartsWith("az keyvault", StringComparison.Ordinal));
        Assert.Contains(" seedSecrets=true ", run.Commands[1]);
    }

    [Theory]
    [InlineData("--search-sku", "premium")]
    [InlineData("--search-provider", "elastic")]
    [InlineData("--pubsub-sku", "Premium_P1")]
    [InlineData("--name-prefix", "Has_Upper")]
    [InlineData("--no-such-option", "x")]
    public async Task BadOptionsAreRefusedBeforeAnythingRuns(string option, string value)
    {
        var run = await DeployAsync("--dry-run", option, value);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Empty(run.Commands);
    }

    private sealed record DeployRun(int ExitCode, string Output, List<string> Commands, string AzCalls);

    // Runs scripts/deploy with an az on PATH that records its calls (returned as AzCalls), so a dry run that touches
    // Azure is caught.
    private static async Task<DeployRun> DeployAsync(params string[] args)
    {
        var fakeBin = Directory.CreateTempSubdirectory("cairn-deploy-test-").FullName;
        try
        {
            return await RunWithFakeAzAsync(fakeBin, args);
        }
        finally
        {
            Directory.Delete(fakeBin, recursive: true);
        }
    }

    private static async Task<DeployRun> RunWithFakeAzAsync(string fakeBin, string[] args)
    {
        var azCalls = Path.Combine(fakeBin, "az-calls");
        var az = Path.Combine(fakeBin, "az");
        await File.WriteAllTextAsync(az, $"#!/bin/sh\necho \"$*\" >> '{azCalls}'\nexit 1\n");
        File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var root = Package.RepoRoot();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "deploy"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        start.Environment["PATH"] = $"{fakeBin}:{start.Environment["PATH"]}";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        // Commands are the lines that are not comments; the dry run prints one command per line.
        var commands = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .ToList();
        var calls = File.Exists(azCalls) ? await File.ReadAllTextAsync(azCalls) : "";
        return new DeployRun(process.ExitCode, $"{await stdout}\n{await stderr}", commands, calls);
    }
}
