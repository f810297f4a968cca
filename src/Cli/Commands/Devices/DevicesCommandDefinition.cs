using System.CommandLine;
using VmafTiny.Features;
using VmafTiny.Features.OpenCL;

namespace VmafTiny.Cli.Commands.Devices;

/// <summary><c>vmaf-tiny devices</c>: the devices <c>--device</c> can name, the CPU first, then every OpenCL device.</summary>
internal static class DevicesCommandDefinition
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("devices", "List the devices --device can select: cpu and every OpenCL device (opencl:N)");
        command.SetAction(_ =>
        {
            stdout.WriteLine($"cpu       CPU kernels, best path here: {CpuDispatch.Name(CpuDispatch.Best)}");
            try
            {
                foreach (OpenClDeviceInfo device in OpenClDevices.List())
                {
                    stdout.WriteLine(device);
                }
            }
            catch (VmafTinyException e)
            {
                // No loader or no platform: the CPU is still there, so the listing itself succeeds.
                stdout.WriteLine($"opencl    none: {e.Message}");
            }

            return 0;
        });
        return command;
    }
}
