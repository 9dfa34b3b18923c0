using System.Text;
using CleanupTools.FileSystem.PathClasses;
using CleanupTools.Tests.Support;

namespace CleanupTools.Tests.PathClasses;

/// <summary>The status of an operation file is read from real files; anything odd is "no status", never an exception.</summary>
public sealed class OperationFileStatusTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("{\"status\":\"failed\"}", "failed")]
    [InlineData("{\"id\":7,\"status\":\" Completed \",\"extra\":[1,2]}", "completed")]
    [InlineData("{\"status\":\"RUNNING\"}", "running")]
    [InlineData("  \n{ \"status\" : \"pending\" }\n", "pending")]
    [InlineData("{\"result\":{\"status\":\"failed\"},\"status\":\"completed\"}", "completed")]
    [InlineData("{\"status\":\"failed\",\"status\":\"failed\"}", "failed")]
    [InlineData("{\"status\":\"f\\u0061iled\"}", "failed")]
    public void The_top_level_status_is_returned_trimmed_and_lower_cased(string json, string expected)
    {
        Assert.Equal(expected, OperationFileStatus.Read(Write(json)));
    }

    [Theory]
    [InlineData("{\"result\":{\"status\":\"failed\"}}")] // nested only
    [InlineData("{\"Status\":\"failed\"}")] // names are case-sensitive
    [InlineData("{\"status\":1}")]
    [InlineData("{\"status\":true}")]
    [InlineData("{\"status\":null}")]
    [InlineData("{\"status\":[\"failed\"]}")]
    [InlineData("{\"status\":{\"value\":\"failed\"}}")]
    [InlineData("{\"status\":\"   \"}")]
    [InlineData("{\"status\":\"running\",\"status\":\"failed\"}")] // ambiguous: readers disagree on which wins
    [InlineData("[{\"status\":\"failed\"}]")]
    [InlineData("\"failed\"")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("{\"status\":\"failed\"")]
    [InlineData("{\"status\":\"failed\"} trailing")]
    [InlineData("{\"status\":\"failed\",}")]
    [InlineData("{/*c*/\"status\":\"failed\"}")]
    [InlineData("status: failed")]
    public void Anything_but_a_top_level_string_status_in_a_json_object_is_null(string json)
    {
        Assert.Null(OperationFileStatus.Read(Write(json)));
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_allowed()
    {
        var path = _tree.Path("bom.json");
        File.WriteAllBytes(path, Encoding.UTF8.Preamble.ToArray().Concat(Encoding.UTF8.GetBytes("{\"status\":\"failed\"}")).ToArray());

        Assert.Equal("failed", OperationFileStatus.Read(path));
    }

    [Fact]
    public void Invalid_utf8_is_null()
    {
        var path = _tree.Path("bad.json");
        File.WriteAllBytes(path, new byte[] { (byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}' });

        Assert.Null(OperationFileStatus.Read(path));
    }

    [Fact]
    public void Nesting_deeper_than_64_is_null_and_within_64_is_read()
    {
        static string Nested(int depth) => "{\"status\":\"failed\",\"x\":" + string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth)) + "}";

        Assert.Equal("failed", OperationFileStatus.Read(Write(Nested(63))));
        Assert.Null(OperationFileStatus.Read(Write(Nested(100_000))));
    }

    [Fact]
    public void A_file_larger_than_the_limit_is_null_and_one_at_the_limit_is_read()
    {
        var json = "{\"status\":\"failed\",\"pad\":\"" + new string('x', 2000) + "\"}";
        var path = Write(json);
        var size = new FileInfo(path).Length;

        Assert.Equal("failed", OperationFileStatus.Read(path, maxBytes: size));
        Assert.Null(OperationFileStatus.Read(path, maxBytes: size - 1));
    }

    [Fact]
    public void A_file_over_the_default_megabyte_is_null()
    {
        var json = "{\"status\":\"failed\",\"pad\":\"" + new string('x', 1_048_576) + "\"}";

        Assert.Null(OperationFileStatus.Read(Write(json)));
    }

    [Fact]
    public void A_link_is_not_followed_even_to_a_valid_operation_file()
    {
        var real = Write("{\"status\":\"failed\"}");
        var link = _tree.Path("operation_link.json");
        File.CreateSymbolicLink(link, real);

        Assert.Equal("failed", OperationFileStatus.Read(real));
        Assert.Null(OperationFileStatus.Read(link));
    }

    [Fact]
    public void A_directory_a_fifo_a_device_and_a_missing_file_are_null_without_blocking()
    {
        var fifo = _tree.Path("operation_fifo.json");
        var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);

        // A blocking open of the FIFO would hang here waiting for a writer.
        var read = Task.Run(() => OperationFileStatus.Read(fifo));
        Assert.True(read.Wait(TimeSpan.FromSeconds(10)), "reading a FIFO must not wait for a writer");
        Assert.Null(read.Result);
        Assert.Null(OperationFileStatus.Read(_tree.Dir("operation_dir.json")));
        Assert.Null(OperationFileStatus.Read("/dev/zero"));
        Assert.Null(OperationFileStatus.Read(_tree.Path("missing.json")));
        Assert.Null(OperationFileStatus.Read(""));
        Assert.Null(OperationFileStatus.Read("a\0b"));
    }

    [Fact]
    public void An_unreadable_file_is_null()
    {
        var path = Write("{\"status\":\"failed\"}");
        File.SetUnixFileMode(path, UnixFileMode.None);

        var status = Unprivileged.Run(() => OperationFileStatus.Read(path));

        Assert.Null(status);
    }

    private string Write(string json)
    {
        var path = _tree.Path($"operation_{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }
}
