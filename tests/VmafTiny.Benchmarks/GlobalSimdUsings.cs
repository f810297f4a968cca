// The AVX2 width's flavours, as VmafTiny.Features names them (src/Features/Common/Simd/GlobalUsings.cs).
global using Simd256 = VmafTiny.Features.Simd.Simd256Of<VmafTiny.Features.Simd.MaddThenAdd>;
global using Simd256Vnni = VmafTiny.Features.Simd.Simd256Of<VmafTiny.Features.Simd.Vpdpwssd>;
