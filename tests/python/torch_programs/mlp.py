# A small MLP trained with SGD and momentum on a fixed regression problem.
torch.manual_seed(1)
nn = torch.nn
F = torch.nn.functional
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
x = torch.linspace(-1, 1, 32).reshape(8, 4)
y = (x.sum(dim=1, keepdim=True) * 0.5).sin()
for step in range(30):
    opt.zero_grad()
    loss = F.mse_loss(model(x), y)
    loss.backward()
    opt.step()
    if step % 10 == 9:
        print(step, round(loss.item(), 5))
print([name for name, _ in model.named_parameters()])
print(model[0].weight[0])
