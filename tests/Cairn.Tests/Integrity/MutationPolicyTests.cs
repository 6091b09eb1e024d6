using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Tests.Integrity;

// The mutation helper's bounds and the translation of every storage exception into a caller-facing problem.
[Trait("Storage", "None")]
public sealed class MutationPolicyTests
{
    [Fact]
    public async Task RacesLostEveryTimeEndInContentionAfterTheBoundedNumberOfAttempts()
    {
        var attempts = 0;

        var error = await Assert.ThrowsAsync<ContentionException>(() => DocumentMutator.RetryRacesAsync<int>("experiences", "e1", _ =>
        {
            attempts++;
            throw new DocumentPreconditionFailedException("experiences", "e1");
        }, TestContext.Current.CancellationToken));

        Assert.Equal(DocumentMutator.MaxAttempts, attempts);
        Assert.Contains("e1", error.Message);
    }

    [Fact]
    public async Task ARaceLostOnceIsRetriedAndItsResultReturned()
    {
        var attempts = 0;

        var result = await DocumentMutator.RetryRacesAsync("sessions", "s1", _ =>
            ++attempts == 1 ? throw new DocumentConflictException("sessions", "s1") : Task.FromResult("written"), TestContext.Current.CancellationToken);

        Assert.Equal(("written", 2), (result, attempts));
    }

    [Fact]
    public async Task FailuresThatAreNotRacesAreNotRetried()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<StorageUnavailableException>(() => DocumentMutator.RetryRacesAsync<int>("sessions", "s1", _ =>
        {
            attempts++;
            throw new StorageUnavailableException("down", new TimeoutException());
        }, TestContext.Current.CancellationToken));

        Assert.Equal(1, attempts);
    }

    [Theory]
    [InlineData("contention", 409, "contention", true)]
    [InlineData("precondition", 409, "contention", true)]
    [InlineData("conflict", 409, "conflict", false)]
    [InlineData("not_found", 404, "not_found", false)]
    [InlineData("unavailable", 503, "storage_unavailable", true)]
    [InlineData("cursor", 400, "invalid_cursor", false)]
    public void EveryStorageExceptionBecomesAProblemWithAStableCode(string kind, int status, string code, bool retryAfter)
    {
        StorageException exception = kind switch
        {
            "contention" => new ContentionException("experiences", "e1", DocumentMutator.MaxAttempts),
            "precondition" => new DocumentPreconditionFailedException("experiences", "e1"),
            "conflict" => new DocumentConflictException("experiences", "e1"),
            "not_found" => new DocumentNotFoundException("experiences", "e1"),
            "unavailable" => new StorageUnavailableException("down", new TimeoutException()),
            _ => new InvalidContinuationTokenException(),
        };

        var problem = ErrorHandling.Translate(exception);

        Assert.Equal((status, code, retryAfter), (problem.Status, problem.Code, problem.RetryAfter is not null));
        Assert.DoesNotContain("e1", problem.Message);
    }
}
