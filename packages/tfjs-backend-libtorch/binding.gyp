{
  "variables": {
    "have_gloo%": "<!(node -p \"require('fs').existsSync('/usr/include/gloo/config.h') ? 1 : 0\")"
  },
  "targets": [
    {
      "target_name": "tfjs_libtorch",
      "sources": [
        "native/addon.cc",
        "native/ops_elementwise.cc",
        "native/ops_reduce.cc",
        "native/ops_shape.cc",
        "native/ops_nn.cc",
        "native/mallocTuning.cc",
        "native/ops_gradients.cc",
        "native/ops_softplus.cc",
        "native/ops_softmax.cc",
        "native/maxPoolGrad.cc",
        "native/ops_optim.cc",
        "native/ops_convbn.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "/usr/include/torch/csrc/api/include"
      ],
      "defines": ["NAPI_CPP_EXCEPTIONS", "NAPI_VERSION=8"],
      "cflags!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-frtti", "-Wno-unused-parameter", "-fopenmp"],
      "ldflags": ["-fopenmp"],
      "libraries": ["-ltorch", "-ltorch_cpu", "-lc10"],
      "conditions": [
        ["target_arch=='x64'", { "libraries": ["-lmvec"] }],
        ["have_gloo==1", {
          "sources": ["native/processGroup.cc"],
          "defines": ["USE_C10D_GLOO", "TFL_HAVE_GLOO"]
        }]
      ]
    }
  ]
}
